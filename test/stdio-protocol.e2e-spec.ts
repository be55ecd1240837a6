import { Injectable, Module } from '@nestjs/common';
import { PassThrough } from 'node:stream';
import { McpCtx, McpModule, McpRegistry, McpTool, type McpContext } from 'nestjs-mcp';
import { McpStdio, type McpStdioServer } from 'nestjs-mcp/stdio';
import { JsonLines, type Line } from './utils/json-lines.js';

const cancellations: string[] = [];

@Injectable()
class StdioToolsService {
  @McpTool({ description: 'Waits until the client cancels the call' })
  async wait_for_cancel(@McpCtx() ctx: McpContext): Promise<string> {
    await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve(), { once: true }));
    cancellations.push(String((ctx.signal.reason as Error).message));
    return 'cancelled';
  }

  @McpTool({ description: 'Asks the client model, then lists the client roots' })
  async ask_and_list(@McpCtx() ctx: McpContext): Promise<string> {
    const sampled = await ctx.sample({ messages: [{ role: 'user', content: { type: 'text', text: 'Hi?' } }], maxTokens: 5 });
    const roots = await ctx.listRoots();
    return `${(sampled.content as { text: string }).text} / ${roots.map((root) => root.uri).join(',')}`;
  }

  @McpTool({ description: 'Counts to two with progress, then asks for a confirmation' })
  async count_and_confirm(@McpCtx() ctx: McpContext): Promise<string> {
    await ctx.reportProgress(1, 2);
    await ctx.reportProgress(2, 2);
    const answer = await ctx.elicit('Go on?', { type: 'object', properties: { ok: { type: 'boolean' } } });
    return `answer: ${answer.action}`;
  }

  @McpTool({ description: 'Runs as a task', taskSupport: 'optional' })
  async slow_sum(): Promise<number> {
    return 42;
  }
}

@Module({ imports: [McpModule.forRoot({ name: 'stdio-fixture', version: '1.0.0' })], providers: [StdioToolsService] })
class StdioFixtureModule {}

interface Harness {
  server: McpStdioServer;
  input: PassThrough;
  out: JsonLines;
  send(message: unknown): void;
  request(id: number | string, method: string, params?: Record<string, unknown>): Promise<Line>;
}

async function serve(options: { maxLineBytes?: number } = {}): Promise<Harness> {
  const input = new PassThrough();
  const output = new PassThrough();
  const out = new JsonLines(output);
  const server = await McpStdio.serve(StdioFixtureModule, { input, output, logger: false, ...options });
  const send = (message: unknown) => input.write(`${typeof message === 'string' ? message : JSON.stringify(message)}\n`);
  const request = (id: number | string, method: string, params?: Record<string, unknown>) => {
    send({ jsonrpc: '2.0', id, method, ...(params ? { params } : {}) });
    return out.response(id);
  };
  return { server, input, out, send, request };
}

async function initialized(harness: Harness, capabilities: Record<string, unknown> = {}): Promise<void> {
  await harness.request(0, 'initialize', { protocolVersion: '2025-11-25', capabilities, clientInfo: { name: 'spec', version: '1' } });
  harness.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
}

const META = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientCapabilities': { elicitation: {} },
};

describe('stdio: the protocol over in-process streams', () => {
  let harness: Harness;

  afterEach(async () => {
    await harness?.server.close();
  });

  it('negotiates the version as on HTTP, refuses a second initialize, and answers only ping before it', async () => {
    harness = await serve();
    expect(await harness.request(1, 'ping')).toEqual({ jsonrpc: '2.0', id: 1, result: {} });
    expect((await harness.request(2, 'tools/list')).error).toMatchObject({ code: -32002 });
    const init = await harness.request(3, 'initialize', { protocolVersion: '1999-01-01', capabilities: {} });
    expect(init.result).toMatchObject({ protocolVersion: '2025-11-25' });
    expect((await harness.request(4, 'tools/list')).error).toMatchObject({ code: -32002, message: expect.stringContaining('notifications/initialized') });
    harness.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    expect((await harness.request(5, 'tools/list')).result).toMatchObject({ tools: expect.any(Array) });
    expect((await harness.request(6, 'initialize', { protocolVersion: '2025-11-25', capabilities: {} })).error).toMatchObject({ code: -32600 });
  });

  it('sends sampling and roots requests with ids the server assigns, and routes the answers back', async () => {
    harness = await serve();
    await initialized(harness, { sampling: {}, roots: {} });
    const result = harness.request(1, 'tools/call', { name: 'ask_and_list', arguments: {} });
    const sampling = await harness.out.next((line) => line.method === 'sampling/createMessage');
    expect(sampling.id).toEqual(expect.stringMatching(/^stdio-\d+$/));
    harness.send({ jsonrpc: '2.0', id: sampling.id, result: { role: 'assistant', content: { type: 'text', text: 'Hello' }, model: 'm' } });
    const roots = await harness.out.next((line) => line.method === 'roots/list');
    expect(roots.id).not.toEqual(sampling.id);
    harness.send({ jsonrpc: '2.0', id: roots.id, result: { roots: [{ uri: 'file:///work' }] } });
    expect((await result).result).toMatchObject({ content: [{ type: 'text', text: 'Hello / file:///work' }] });
  });

  it('aborts the handler when the client cancels, and sends no response for the cancelled request', async () => {
    harness = await serve();
    await initialized(harness);
    harness.send({ jsonrpc: '2.0', id: 'slow', method: 'tools/call', params: { name: 'wait_for_cancel', arguments: {} } });
    expect((await harness.request('dup', 'ping')).result).toEqual({});
    harness.send({ jsonrpc: '2.0', id: 'slow', method: 'ping' });
    expect(await harness.out.next((line) => line.id === 'slow')).toMatchObject({ error: { code: -32600 } });
    harness.send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 'slow', reason: 'User pressed stop' } });
    expect((await harness.request(9, 'ping')).result).toEqual({});
    await harness.server.close();
    expect(cancellations).toContain('User pressed stop');
    expect(harness.out.all.filter((line) => line.id === 'slow')).toHaveLength(1);
  });

  it('runs a tool as a task and sends its status on the session', async () => {
    harness = await serve();
    await initialized(harness);
    const created = await harness.request(1, 'tools/call', { name: 'slow_sum', arguments: {}, task: {} });
    const taskId = (created.result as { task: { taskId: string } }).task.taskId;
    const final = await harness.request(2, 'tasks/result', { taskId });
    expect(final.result).toMatchObject({ content: [{ type: 'text', text: '42' }] });
    expect(await harness.out.next((line) => line.method === 'notifications/tasks/status')).toMatchObject({ params: { taskId } });
  });

  it('serves 2026-07-28 requests without a session: _meta validated, progress written, input asked for with an input-required result', async () => {
    harness = await serve();
    expect((await harness.request(1, 'server/discover', { _meta: META })).result).toMatchObject({
      resultType: 'complete',
      supportedVersions: ['2026-07-28'],
    });
    const missingCaps = await harness.request(2, 'tools/list', { _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28' } });
    expect(missingCaps.error).toMatchObject({ code: -32602 });
    const unsupported = await harness.request(3, 'tools/list', { _meta: { ...META, 'io.modelcontextprotocol/protocolVersion': '2030-01-01' } });
    expect(unsupported.error).toMatchObject({ code: -32022, data: { requested: '2030-01-01' } });
    expect((await harness.request(4, 'ping', { _meta: META })).error).toMatchObject({ code: -32601 });

    const call = { name: 'count_and_confirm', arguments: {}, _meta: { ...META, progressToken: 'p1' } };
    const first = await harness.request(5, 'tools/call', call);
    expect(first.result).toMatchObject({ resultType: 'input_required', inputRequests: { elicitation_1: { method: 'elicitation/create' } } });
    const progress = harness.out.all.filter((line) => line.method === 'notifications/progress');
    expect(progress.map((line) => line.params)).toEqual([
      { progressToken: 'p1', progress: 1, total: 2 },
      { progressToken: 'p1', progress: 2, total: 2 },
    ]);
    const retry = await harness.request(6, 'tools/call', {
      ...call,
      inputResponses: { elicitation_1: { action: 'decline' } },
      requestState: (first.result as { requestState: string }).requestState,
    });
    expect(retry.result).toMatchObject({ resultType: 'complete', content: [{ type: 'text', text: 'answer: decline' }] });
  });

  it('streams subscriptions/listen notifications until the client cancels the subscription', async () => {
    harness = await serve();
    const registry = harness.server.app.get(McpRegistry, { strict: false });
    harness.send({ jsonrpc: '2.0', id: 'listen', method: 'subscriptions/listen', params: { notifications: { toolsListChanged: true }, _meta: META } });
    expect(await harness.out.next((line) => line.method === 'notifications/subscriptions/acknowledged')).toMatchObject({
      params: { notifications: { toolsListChanged: true }, _meta: { 'io.modelcontextprotocol/subscriptionId': 'listen' } },
    });
    registry.removeTool('slow_sum');
    expect(await harness.out.next((line) => line.method === 'notifications/tools/list_changed')).toMatchObject({
      params: { _meta: { 'io.modelcontextprotocol/subscriptionId': 'listen' } },
    });
    harness.send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 'listen' } });
    expect((await harness.request(1, 'tools/list', { _meta: META })).result).toMatchObject({ tools: expect.any(Array) });
    registry.removeTool('count_and_confirm');
    expect((await harness.request(2, 'tools/list', { _meta: META })).result).toMatchObject({ tools: expect.any(Array) });
    expect(harness.out.all.filter((line) => line.method === 'notifications/tools/list_changed')).toHaveLength(1);
    expect(harness.out.all.filter((line) => line.id === 'listen')).toEqual([]);
  });

  it('answers batches, lines over the limit and malformed messages with errors, then keeps serving', async () => {
    harness = await serve({ maxLineBytes: 256 });
    harness.send([{ jsonrpc: '2.0', id: 1, method: 'ping' }]);
    expect(await harness.out.next((line) => line.error?.code === -32600)).toMatchObject({ id: null });
    harness.send({ jsonrpc: '2.0', id: 2, method: 'ping', params: { padding: 'x'.repeat(300) } });
    expect(await harness.out.next((line) => line.error?.code === -32000)).toMatchObject({ id: null });
    harness.send({ jsonrpc: '1.0', id: 3, method: 'ping' });
    expect(await harness.out.response(3)).toMatchObject({ error: { code: -32600 } });
    harness.send('\r');
    harness.send({ jsonrpc: '2.0', id: 4, method: 'ping' });
    expect((await harness.out.response(4)).result).toEqual({});
    expect(harness.out.all.filter((line) => line.id === 2)).toEqual([]);
  });

  it('finishes running requests when the input ends, then resolves closed', async () => {
    harness = await serve();
    await initialized(harness);
    harness.send({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
    harness.input.end();
    await harness.server.closed;
    expect((await harness.out.response(1)).result).toMatchObject({ tools: expect.any(Array) });
  });
});
