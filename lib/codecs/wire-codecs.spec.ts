import { McpProtocolError } from '../errors/mcp-protocol.error.js';
import { JsonRpcErrorCode } from '../protocol/json-rpc-error-codes.js';
import type { McpTaskRecord } from '../stores/mcp-task.js';
import { STATEFUL_CODEC } from './stateful.codec.js';
import { STATELESS_CODEC } from './stateless.codec.js';
import { codecOf } from './wire-codecs.js';

const caching = { listTtlMs: 1000, listScope: 'public', readTtlMs: 500, readScope: 'private' } as const;
const task: McpTaskRecord = {
  taskId: 't1',
  ownerId: 'o',
  toolName: 'slow',
  wire: 'stateful',
  status: 'completed',
  createdAt: '2026-01-01T00:00:00.000Z',
  lastUpdatedAt: '2026-01-01T00:00:01.000Z',
  ttlMs: 60_000,
  pollIntervalMs: 500,
  result: { content: [] },
} as McpTaskRecord;

describe('wire codecs', () => {
  it('serve the methods of their revision only', () => {
    expect(STATEFUL_CODEC.serves('initialize')).toBe(true);
    expect(STATEFUL_CODEC.serves('server/discover')).toBe(false);
    expect(STATEFUL_CODEC.serves('tasks/update')).toBe(false);
    expect(STATELESS_CODEC.serves('server/discover')).toBe(true);
    for (const method of ['initialize', 'ping', 'logging/setLevel', 'resources/subscribe', 'tasks/result', 'tasks/list']) {
      expect(STATELESS_CODEC.serves(method)).toBe(false);
    }
    expect(STATELESS_CODEC.serves('tools/call') && STATEFUL_CODEC.serves('tools/call')).toBe(true);
  });

  it('decide the HTTP status of an error from its kind, at the edge', () => {
    const unknown = McpProtocolError.unknownMethod('nope');
    expect(STATEFUL_CODEC.httpStatus(unknown, true)).toBe(200);
    expect(STATELESS_CODEC.httpStatus(unknown, true)).toBe(404);
    const answer = McpProtocolError.invalidParams('bad');
    expect(STATEFUL_CODEC.httpStatus(answer, true)).toBe(200);
    expect(STATEFUL_CODEC.httpStatus(answer, false)).toBe(400);
    const overloaded = new McpProtocolError(JsonRpcErrorCode.SERVER_ERROR, 'full', undefined, 'overloaded');
    expect(STATELESS_CODEC.httpStatus(overloaded, true)).toBe(503);
    expect(STATEFUL_CODEC.httpStatus(McpProtocolError.parseError('x'), false)).toBe(400);
  });

  it('stamp results on the stateless wire only', () => {
    expect(STATEFUL_CODEC.stampResult('tools/list', { tools: [] }, caching)).toEqual({ tools: [] });
    expect(STATELESS_CODEC.stampResult('tools/list', { tools: [] }, caching)).toEqual({
      resultType: 'complete',
      tools: [],
      ttlMs: 1000,
      cacheScope: 'public',
    });
    expect(STATELESS_CODEC.stampResult('tools/call', { resultType: 'task', taskId: 't' }, caching)).toEqual({
      resultType: 'task',
      taskId: 't',
    });
  });

  it('write tasks in their revision format', () => {
    expect(STATEFUL_CODEC.createTaskResult(task)).toEqual({ task: expect.objectContaining({ taskId: 't1', ttl: 60_000, pollInterval: 500 }) });
    expect(STATELESS_CODEC.createTaskResult(task)).toEqual(expect.objectContaining({ resultType: 'task', ttlMs: 60_000, pollIntervalMs: 500 }));
    expect(STATELESS_CODEC.taskState(task)).toEqual(expect.objectContaining({ result: { content: [] } }));
    expect(STATELESS_CODEC.cancelResult(task, undefined)).toEqual({});
    expect(() => STATEFUL_CODEC.cancelResult(task, undefined)).toThrow('Cannot cancel task "t1": it is already completed.');
  });

  it('differ in error codes and capability errors', () => {
    expect(STATEFUL_CODEC.resourceNotFoundCode).toBe(-32002);
    expect(STATELESS_CODEC.resourceNotFoundCode).toBe(JsonRpcErrorCode.INVALID_PARAMS);
    expect(STATELESS_CODEC.missingCapability('sampling', 'sample')).toBeInstanceOf(McpProtocolError);
    expect(STATEFUL_CODEC.missingCapability('sampling', 'sample')).not.toBeInstanceOf(McpProtocolError);
  });

  it('are found again from a task record\'s stored wire name', () => {
    expect(codecOf('stateful')).toBe(STATEFUL_CODEC);
    expect(codecOf('stateless')).toBe(STATELESS_CODEC);
  });
});
