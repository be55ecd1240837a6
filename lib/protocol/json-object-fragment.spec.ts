import { JsonObjectFragment, serializeJsonRpcMessage } from './json-object-fragment.js';

describe('JsonObjectFragment', () => {
  const value = { tools: [{ name: 'a "quoted" é', inputSchema: { type: 'object' } }], nextCursor: 'bzoy', skipped: undefined };

  it('splices into a JSON-RPC message exactly as JSON.stringify would write the object', () => {
    const message = { jsonrpc: '2.0', id: 'x"1', result: JsonObjectFragment.of(value) };
    expect(serializeJsonRpcMessage(message)).toBe(JSON.stringify({ ...message, result: value }));
    expect(JSON.parse(serializeJsonRpcMessage(message))).toEqual({ jsonrpc: '2.0', id: 'x"1', result: { tools: value.tools, nextCursor: 'bzoy' } });
    expect(JSON.stringify(message)).toBe(serializeJsonRpcMessage(message));
  });

  it('adds only the members it lacks, in front, and handles an empty object', () => {
    const stamped = JsonObjectFragment.of(value).withMembers({ resultType: 'complete', nextCursor: 'other', ttlMs: 0, none: undefined });
    expect(JSON.parse(stamped.toString())).toEqual({ resultType: 'complete', ttlMs: 0, tools: value.tools, nextCursor: 'bzoy' });
    expect(JSON.parse(JsonObjectFragment.of({}).withMembers({ resultType: 'complete' }).toString())).toEqual({ resultType: 'complete' });
    expect(JsonObjectFragment.of({}).toString()).toBe('{}');
  });

  it('leaves other messages to JSON.stringify', () => {
    for (const message of [null, 1, 'text', [1, { result: 2 }], { jsonrpc: '2.0', id: 1, result: { a: 1 } }]) {
      expect(serializeJsonRpcMessage(message)).toBe(JSON.stringify(message));
    }
  });
});
