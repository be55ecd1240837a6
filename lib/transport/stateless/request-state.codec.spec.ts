import { bindingOf, canonicalJson, RequestStateCodec } from './request-state.codec.js';

describe('RequestStateCodec', () => {
  const codec = new RequestStateCodec('secret', 60_000);
  const binding = bindingOf('tools/call', 'ask', { b: 1, a: [1, { d: 2, c: 3 }] });

  it('round-trips answers and binds to key-order-insensitive arguments', () => {
    const token = codec.seal(binding, { answers: { name: { action: 'accept' } } });
    expect(codec.open(token, bindingOf('tools/call', 'ask', { a: [1, { c: 3, d: 2 }], b: 1 }))).toEqual({ answers: { name: { action: 'accept' } } });
  });

  it('refuses altered, foreign, mis-bound and expired tokens', () => {
    const token = codec.seal(binding, { answers: {} });
    expect(() => codec.open(`${token}x`, binding)).toThrow('altered');
    expect(() => new RequestStateCodec('other', 60_000).open(token, binding)).toThrow('altered');
    expect(() => codec.open(token, bindingOf('tools/call', 'other', {}))).toThrow('another request');
    expect(() => codec.open(42, binding)).toThrow('string');
    const expired = new RequestStateCodec('secret', -1).seal(binding, { answers: {} });
    expect(() => codec.open(expired, binding)).toThrow('expired');
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every level and matches JSON.stringify otherwise', () => {
    expect(canonicalJson({ b: [1, { d: 'x', c: null }], a: true })).toBe('{"a":true,"b":[1,{"c":null,"d":"x"}]}');
    expect(canonicalJson([])).toBe('[]');
    expect(canonicalJson({})).toBe('{}');
  });

  it('hashes arguments nested far deeper than the call stack without throwing', () => {
    let deep: unknown = 'leaf';
    for (let depth = 0; depth < 200_000; depth += 1) deep = depth % 2 ? [deep] : { k: deep };
    expect(() => bindingOf('tools/call', 'ask', deep)).not.toThrow();
  });
});
