import { isUnrepresentableType, isUserClass, primitiveSchema } from './primitive-schema.js';

describe('primitiveSchema', () => {
  it.each([
    [String, { type: 'string' }],
    [Number, { type: 'number' }],
    [Boolean, { type: 'boolean' }],
    [Date, { type: 'string', format: 'date-time' }],
    [Array, { type: 'array' }],
    [Object, {}],
    [undefined, {}],
  ])('maps the design type %p', (designType, expected) => {
    expect(primitiveSchema(designType)).toEqual(expected);
  });

  it('returns a fresh object each time, so callers may extend it', () => {
    const first = primitiveSchema(String)!;
    first.minLength = 1;
    expect(primitiveSchema(String)).toEqual({ type: 'string' });
  });

  it('has no schema for classes and unrepresentable built-ins', () => {
    class Dto {}
    expect(primitiveSchema(Dto)).toBeUndefined();
    expect(primitiveSchema(Promise)).toBeUndefined();
  });
});

describe('isUnrepresentableType', () => {
  it.each([Promise, Map, Set, WeakMap, Function, Symbol, BigInt, Buffer])('rejects %p', (designType) => {
    expect(isUnrepresentableType(designType)).toBe(true);
  });

  it('accepts JSON types and classes', () => {
    class Dto {}
    for (const designType of [String, Number, Boolean, Date, Array, Object, undefined, Dto]) {
      expect(isUnrepresentableType(designType)).toBe(false);
    }
  });
});

describe('isUserClass', () => {
  it('is true only for constructors that are neither primitive nor unrepresentable', () => {
    class Dto {}
    expect(isUserClass(Dto)).toBe(true);
    for (const designType of [String, Object, Array, Date, Promise, Map, undefined, 'Dto']) {
      expect(isUserClass(designType)).toBe(false);
    }
  });
});
