import type { ValidationRule } from './dto-metadata.reader.js';
import type { JsonSchema } from './json-schema.types.js';

type Constraints = readonly unknown[];
type Keywords = (constraints: Constraints) => JsonSchema;

const DATE_TIME: JsonSchema = { type: 'string', format: 'date-time' };

/** Validators that say what kind of value a property holds. The first one on a property wins. */
const TYPE_RULES: Readonly<Record<string, Keywords>> = {
  isString: () => ({ type: 'string' }),
  isInt: () => ({ type: 'integer' }),
  isNumber: () => ({ type: 'number' }),
  isBoolean: () => ({ type: 'boolean' }),
  isDate: () => DATE_TIME,
  isDateString: () => DATE_TIME,
  isIso8601: () => DATE_TIME,
  isRFC3339: () => DATE_TIME,
  isEmail: () => ({ type: 'string', format: 'email' }),
  isUuid: () => ({ type: 'string', format: 'uuid' }),
  isUrl: () => ({ type: 'string', format: 'uri' }),
  isObject: () => ({ type: 'object' }),
  isArray: () => ({ type: 'array' }),
  isEnum: ([entity]) => enumKeywords(enumValues(entity)),
  isIn: ([values]) => enumKeywords(Array.isArray(values) ? values : []),
};

/** Validators that narrow a value without saying its kind. */
const CONSTRAINT_RULES: Readonly<Record<string, Keywords>> = {
  min: ([value]) => numberKeyword('minimum', value),
  max: ([value]) => numberKeyword('maximum', value),
  isPositive: () => ({ exclusiveMinimum: 0 }),
  isNegative: () => ({ exclusiveMaximum: 0 }),
  isDivisibleBy: ([value]) => numberKeyword('multipleOf', value),
  minLength: ([value]) => numberKeyword('minLength', value),
  maxLength: ([value]) => numberKeyword('maxLength', value),
  isLength: ([min, max]) => ({ ...numberKeyword('minLength', min), ...numberKeyword('maxLength', max) }),
  matches: ([pattern]) => patternKeyword(pattern),
  arrayMinSize: ([value]) => numberKeyword('minItems', value),
  arrayMaxSize: ([value]) => numberKeyword('maxItems', value),
  arrayNotEmpty: () => ({ minItems: 1 }),
  arrayUnique: () => ({ uniqueItems: true }),
  equals: ([value]) => ({ const: value }),
};

/** Keywords where two rules combine to the larger (lower bounds) or the smaller (upper bounds) value. */
const LOWER_BOUNDS = new Set(['minimum', 'exclusiveMinimum', 'minLength', 'minItems']);
const UPPER_BOUNDS = new Set(['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems']);

/**
 * The schema of one value from the class-validator rules that apply to it.
 *
 * The value's kind comes from `base` when given (a nested class, an array), else from the first type validator
 * (`@IsString()`, `@IsInt()`, `@IsEnum()`, `@IsEmail()`, ...), else from `fallback` (the design type). Constraint
 * validators then add their keywords; `@IsNotEmpty()` becomes `minLength: 1` on strings. Validators not listed here,
 * custom ones included, add nothing.
 */
export function schemaFromRules(
  rules: readonly ValidationRule[],
  base: JsonSchema | undefined,
  fallback: () => JsonSchema,
): JsonSchema {
  const schema: JsonSchema = { ...(base ?? typeFromRules(rules) ?? fallback()) };
  for (const rule of rules) {
    const keywords = rule.name && Object.hasOwn(CONSTRAINT_RULES, rule.name) ? CONSTRAINT_RULES[rule.name] : undefined;
    if (keywords) {
      merge(schema, keywords(rule.constraints ?? []));
    }
  }
  if (schema.type === 'string' && hasRule(rules, 'isNotEmpty')) {
    merge(schema, { minLength: 1 });
  }
  return schema;
}

/** Whether one of the rules is the named validator. */
export function hasRule(rules: readonly ValidationRule[], name: string): boolean {
  return rules.some((rule) => rule.name === name);
}

function typeFromRules(rules: readonly ValidationRule[]): JsonSchema | undefined {
  const kinds = rules.flatMap((rule) =>
    rule.name && Object.hasOwn(TYPE_RULES, rule.name) ? [TYPE_RULES[rule.name](rule.constraints ?? [])] : [],
  );
  if (kinds.length === 0) {
    return undefined;
  }
  // Several type validators on one value narrow each other (`@IsInt()` with `@IsEnum()`, `@IsString()` with
  // `@IsEmail()`); one that contradicts the first is left out, as no value could pass both anyway.
  const schema: JsonSchema = { ...kinds[0] };
  for (const kind of kinds.slice(1)) {
    if (!sameKind(schema.type, kind.type)) {
      continue;
    }
    if (schema.type === undefined || kind.type === 'integer') {
      schema.type = kind.type ?? schema.type;
    }
    if (kind.format !== undefined && schema.format === undefined) {
      schema.format = kind.format;
    }
    if (kind.enum !== undefined && schema.enum === undefined) {
      schema.enum = kind.enum;
    }
  }
  if (schema.type === undefined) {
    delete schema.type;
  }
  return schema;
}

function sameKind(a: JsonSchema['type'], b: JsonSchema['type']): boolean {
  const numeric = (type: JsonSchema['type']) => type === 'number' || type === 'integer';
  return a === undefined || b === undefined || a === b || (numeric(a) && numeric(b));
}

/** The values of a TypeScript enum object, without the reverse mappings of numeric members. */
function enumValues(entity: unknown): unknown[] {
  if (typeof entity !== 'object' || entity === null) {
    return [];
  }
  return Object.entries(entity)
    .filter(([key]) => Number.isNaN(Number.parseInt(key, 10)))
    .map(([, value]) => value);
}

function enumKeywords(values: readonly unknown[]): JsonSchema {
  const types = [...new Set(values.map((value) => typeof value))];
  const jsonTypes = types.every((type) => type === 'string' || type === 'number' || type === 'boolean') ? types : [];
  return {
    ...(jsonTypes.length === 1 ? { type: jsonTypes[0] } : jsonTypes.length > 1 ? { type: jsonTypes.sort() } : {}),
    enum: [...values],
  };
}

function numberKeyword(keyword: string, value: unknown): JsonSchema {
  return typeof value === 'number' && Number.isFinite(value) ? { [keyword]: value } : {};
}

function patternKeyword(pattern: unknown): JsonSchema {
  // JSON Schema patterns have no flags: a `/.../i` pattern is published without its `i`.
  if (pattern instanceof RegExp) {
    return { pattern: pattern.source };
  }
  return typeof pattern === 'string' ? { pattern } : {};
}

function merge(schema: JsonSchema, keywords: JsonSchema): void {
  for (const [keyword, value] of Object.entries(keywords)) {
    const current = schema[keyword];
    if (typeof current === 'number' && typeof value === 'number' && LOWER_BOUNDS.has(keyword)) {
      schema[keyword] = Math.max(current, value);
    } else if (typeof current === 'number' && typeof value === 'number' && UPPER_BOUNDS.has(keyword)) {
      schema[keyword] = Math.min(current, value);
    } else {
      schema[keyword] = value;
    }
  }
}
