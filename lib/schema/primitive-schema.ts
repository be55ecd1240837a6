import type { JsonSchema } from './json-schema.types.js';

/** Types JSON cannot carry: a parameter declared with one of them cannot be filled from a tool's arguments. */
const UNREPRESENTABLE_TYPES: ReadonlySet<unknown> = new Set<unknown>([
  Promise,
  Map,
  Set,
  WeakMap,
  WeakSet,
  Function,
  Symbol,
  BigInt,
  RegExp,
  Error,
  ArrayBuffer,
  Uint8Array,
  Buffer,
]);

/** Built-in types with a schema of their own, or (`Object`) a type that says nothing. */
const PRIMITIVE_SCHEMAS = new Map<unknown, () => JsonSchema>([
  [String, () => ({ type: 'string' })],
  [Number, () => ({ type: 'number' })],
  [Boolean, () => ({ type: 'boolean' })],
  [Date, () => ({ type: 'string', format: 'date-time' })],
  [Array, () => ({ type: 'array' })],
  [Object, () => ({})],
]);

/**
 * The schema of a value whose TypeScript design type (`design:type`, `design:paramtypes`) is a built-in:
 * `String`, `Number`, `Boolean`, `Date` (an ISO 8601 `date-time` string), `Array`, and `{}` (any value) for `Object`
 * or no type at all, which is what unions, interfaces and `any` compile to. `undefined` for anything else.
 */
export function primitiveSchema(designType: unknown): JsonSchema | undefined {
  if (designType === undefined || designType === null) {
    return {};
  }
  return PRIMITIVE_SCHEMAS.get(designType)?.();
}

/** Whether a design type is a built-in that JSON cannot carry (`Promise`, `Map`, `Function`, ...). */
export function isUnrepresentableType(designType: unknown): boolean {
  return UNREPRESENTABLE_TYPES.has(designType);
}

/** Whether a design type is a user class, such as a DTO: a constructor neither primitive nor unrepresentable. */
export function isUserClass(designType: unknown): designType is Function {
  return (
    typeof designType === 'function' &&
    !PRIMITIVE_SCHEMAS.has(designType) &&
    !UNREPRESENTABLE_TYPES.has(designType)
  );
}
