import type { ErrorObject, ValidateFunction } from 'ajv';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { McpFieldViolation } from '../errors/mcp-validation.exception.js';
import type { JsonSchema } from './json-schema.types.js';

/** Checks a call's arguments against a tool's advertised input schema; an empty list means they conform. */
export type ArgumentsValidator = (args: Record<string, unknown>) => McpFieldViolation[];

type Ajv2020Instance = InstanceType<typeof Ajv2020Module.default>;

// Both packages are CommonJS: under NodeNext the default import is `module.exports`, whose `default` is the export.
const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;
const shared: { firstError?: Ajv2020Instance; allErrors?: Ajv2020Instance } = {};

/**
 * The JSON Schema 2020-12 validators of the whole process, with the `ajv-formats` formats: one that stops at the
 * first error, one that reports them all. Not strict: schemas may carry annotations of their own (`x-mcp-header`,
 * descriptions) that are not keywords. Never coerces or mutates the arguments.
 */
function ajv(allErrors: boolean): Ajv2020Instance {
  const key = allErrors ? 'allErrors' : 'firstError';
  let instance = shared[key];
  if (!instance) {
    instance = new Ajv2020({ strict: false, allErrors, validateFormats: true });
    addFormats(instance);
    shared[key] = instance;
  }
  return instance;
}

/**
 * Arguments with more values than this are reported by their first violation only: listing every violation costs
 * an error per value (a million-item array of the wrong type made a million errors and a 20 MB answer).
 */
const MAX_VALUES_FOR_ALL_VIOLATIONS = 1_000;

/** At most this many violations are listed; a last line says there are more. */
const MAX_VIOLATIONS = 100;

/**
 * Compiles a tool's input schema once. Throws when the schema is not a valid JSON Schema, with Ajv's reason, so a
 * broken definition fails at bootstrap rather than on the first call. Arguments are checked by a validator that
 * stops at the first error; invalid arguments of at most {@link MAX_VALUES_FOR_ALL_VIOLATIONS} values are checked
 * again to list every violation (at most {@link MAX_VIOLATIONS}), so the work and the answer stay bounded.
 */
export function compileArgumentsValidator(schema: JsonSchema): ArgumentsValidator {
  const { $schema: _dialect, ...rest } = schema as JsonSchema & { $schema?: unknown };
  const validate: ValidateFunction = ajv(false).compile(rest);
  let validateAll: ValidateFunction | undefined;
  return (args) => {
    if (validate(args)) return [];
    if (hasMoreValuesThan(args, MAX_VALUES_FOR_ALL_VIOLATIONS)) {
      return [
        ...toViolations(validate.errors ?? []),
        { pointer: '/arguments', message: `has more than ${MAX_VALUES_FOR_ALL_VIOLATIONS} values, so only its first violation is listed; fix it and call again` },
      ];
    }
    validateAll ??= ajv(true).compile(rest);
    validateAll(args);
    return toViolations(validateAll.errors ?? []);
  };
}

/** Whether a JSON value holds more than `limit` values (objects, arrays and primitives), counted without recursion. */
function hasMoreValuesThan(value: unknown, limit: number): boolean {
  const pending: unknown[] = [value];
  let count = 0;
  while (pending.length > 0) {
    const current = pending.pop();
    count += 1;
    if (count > limit) return true;
    if (current && typeof current === 'object') {
      const children = Array.isArray(current) ? current : Object.values(current);
      if (count + pending.length + children.length > limit) return true;
      for (const child of children) pending.push(child);
    }
  }
  return false;
}

/** Ajv errors as one violation per problem, each at the JSON Pointer of the offending argument. */
function toViolations(errors: ErrorObject[]): McpFieldViolation[] {
  const seen = new Set<string>();
  const violations: McpFieldViolation[] = [];
  for (const error of errors) {
    const violation = toViolation(error);
    const key = `${violation.pointer}\u0000${violation.message}`;
    if (!seen.has(key)) {
      if (violations.length === MAX_VIOLATIONS) {
        violations.push({ pointer: '/arguments', message: `has more violations than the ${MAX_VIOLATIONS} listed; fix these and call again` });
        break;
      }
      seen.add(key);
      violations.push(violation);
    }
  }
  return violations;
}

function toViolation(error: ErrorObject): McpFieldViolation {
  const base = `/arguments${error.instancePath}`;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { pointer: `${base}/${escapePointerSegment(String(params.missingProperty))}`, message: 'required' };
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const name = String(params.additionalProperty ?? params.unevaluatedProperty);
      return { pointer: `${base}/${escapePointerSegment(name)}`, message: 'is not allowed' };
    }
    default:
      return { pointer: base, message: error.message ?? `fails "${error.keyword}"` };
  }
}

/** Escapes one JSON Pointer segment (RFC 6901). */
function escapePointerSegment(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}
