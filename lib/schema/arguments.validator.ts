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
let shared: Ajv2020Instance | undefined;

/**
 * One JSON Schema 2020-12 validator for the whole process, with the `ajv-formats` formats. Not strict: schemas may
 * carry annotations of their own (`x-mcp-header`, descriptions) that are not keywords. Never coerces or mutates
 * the arguments.
 */
function ajv(): Ajv2020Instance {
  if (!shared) {
    shared = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    addFormats(shared);
  }
  return shared;
}

/**
 * Compiles a tool's input schema once. Throws when the schema is not a valid JSON Schema, with Ajv's reason, so a
 * broken definition fails at bootstrap rather than on the first call.
 */
export function compileArgumentsValidator(schema: JsonSchema): ArgumentsValidator {
  const { $schema: _dialect, ...rest } = schema as JsonSchema & { $schema?: unknown };
  const validate: ValidateFunction = ajv().compile(rest);
  return (args) => (validate(args) ? [] : toViolations(validate.errors ?? []));
}

/** Ajv errors as one violation per problem, each at the JSON Pointer of the offending argument. */
function toViolations(errors: ErrorObject[]): McpFieldViolation[] {
  const seen = new Set<string>();
  const violations: McpFieldViolation[] = [];
  for (const error of errors) {
    const violation = toViolation(error);
    const key = `${violation.pointer}\u0000${violation.message}`;
    if (!seen.has(key)) {
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
