import { JsonObjectFragment, serializeJsonRpcMessage } from '../protocol/json-object-fragment.js';
import { toToolResult, toToolResultForWire } from './tool-result.mapper.js';

/** The JSON-RPC response text a result value becomes on the wire. */
const wire = (result: unknown) => serializeJsonRpcMessage({ jsonrpc: '2.0', id: 1, result });

describe('toToolResultForWire', () => {
  class WithToJson {
    toJSON() {
      return { shown: true };
    }
  }
  const values: Array<[string, unknown]> = [
    ['an object', { id: 'a "quoted" é 🌍', n: -0, big: 1e21, nested: { list: [1, null, 'x\n'] }, skipped: undefined, when: new Date(0) }],
    ['an empty object', {}],
    ['an array', [{ a: 1 }, 'two', 3]],
    ['an object with toJSON', new WithToJson()],
    ['a map', new Map([['k', 1]])],
    ['a lone surrogate', { text: '\ud800' }],
  ];

  it.each(values)('sends %s exactly as toToolResult would', async (_name, value) => {
    const fast = await toToolResultForWire(value);
    expect(fast).toBeInstanceOf(JsonObjectFragment);
    expect(wire(fast)).toBe(wire(await toToolResult(value)));
  });

  it.each<[string, unknown]>([
    ['a string', 'text'],
    ['a number', 42],
    ['null', null],
    ['undefined', undefined],
    ['a date', new Date(0)],
    ['a tool result', { content: [{ type: 'text', text: 'hi' }] }],
    ['bytes', Buffer.from('hi')],
    ['an array with its own toJSON', Object.assign([1], { toJSON: () => ['x'] })],
  ])('keeps the general mapping for %s', async (_name, value) => {
    const fast = await toToolResultForWire(value);
    expect(fast).not.toBeInstanceOf(JsonObjectFragment);
    expect(fast).toEqual(await toToolResult(value));
  });

  it('fails like toToolResult for a value JSON cannot represent (at once: an object is mapped synchronously)', async () => {
    expect(() => toToolResultForWire({ big: 1n })).toThrow(TypeError);
    await expect(toToolResult({ big: 1n })).rejects.toThrow(TypeError);
  });
});
