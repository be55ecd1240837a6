import { SWAGGER_METADATA, SWAGGER_PLUGIN_METADATA_FACTORY } from '../mcp.constants.js';
import type { JsonSchema } from './json-schema.types.js';
import { isUserClass, primitiveSchema } from './primitive-schema.js';

/**
 * The options `@ApiProperty()`/`@ApiPropertyOptional()` (or the Swagger CLI plugin) recorded for a DTO property,
 * and the options of `@ApiQuery()`/`@ApiParam()`/`@ApiBody()` on a route. Only the fields read here are listed.
 */
export interface SwaggerOptions {
  readonly type?: unknown;
  readonly isArray?: boolean;
  readonly required?: boolean;
  readonly description?: string;
  readonly title?: string;
  readonly example?: unknown;
  readonly examples?: unknown;
  readonly enum?: unknown;
  readonly items?: JsonSchema;
  readonly schema?: JsonSchema;
  readonly format?: string;
  readonly default?: unknown;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number | boolean;
  readonly exclusiveMaximum?: number | boolean;
  readonly multipleOf?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly uniqueItems?: boolean;
  readonly deprecated?: boolean;
}

/** One `@ApiQuery()`, `@ApiParam()` or `@ApiBody()` of a route. */
export interface SwaggerParameter extends SwaggerOptions {
  readonly in: 'query' | 'path' | 'body' | 'header' | string;
  readonly name?: string;
}

const VALUE_KEYWORDS = [
  'format',
  'default',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'pattern',
] as const;
const ARRAY_KEYWORDS = ['minItems', 'maxItems', 'uniqueItems'] as const;
const JSON_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']);

/**
 * The Swagger options of a class's properties, in declaration order (inherited ones first): those of
 * `@ApiProperty()` and friends, then those only the CLI plugin recorded. Empty when `@nestjs/swagger` is not used.
 */
export function readSwaggerProperties(type: Function): Map<string, SwaggerOptions> {
  const properties = new Map<string, SwaggerOptions>();
  const keys: unknown = Reflect.getMetadata(SWAGGER_METADATA.MODEL_PROPERTIES_ARRAY, type.prototype);
  for (const key of Array.isArray(keys) ? keys : []) {
    const name = String(key).replace(/^:/, '');
    const options: unknown = Reflect.getMetadata(SWAGGER_METADATA.MODEL_PROPERTIES, type.prototype, name);
    properties.set(name, (options as SwaggerOptions | undefined) ?? {});
  }
  const factory = (type as unknown as Record<string, unknown>)[SWAGGER_PLUGIN_METADATA_FACTORY];
  if (typeof factory === 'function') {
    const fromPlugin = (factory as () => Record<string, SwaggerOptions> | undefined).call(type) ?? {};
    for (const [name, options] of Object.entries(fromPlugin)) {
      if (!properties.has(name)) properties.set(name, options);
    }
  }
  return properties;
}

/** The `@ApiQuery()`, `@ApiParam()` and `@ApiBody()` options of a route, in the order they were applied. */
export function readSwaggerParameters(method: unknown): readonly SwaggerParameter[] {
  if (typeof method !== 'function') return [];
  const parameters: unknown = Reflect.getMetadata(SWAGGER_METADATA.PARAMETERS, method);
  return Array.isArray(parameters) ? (parameters as SwaggerParameter[]) : [];
}

/** Whether the required flag of Swagger options makes a property or parameter required (Swagger's default: yes). */
export function isSwaggerRequired(options: SwaggerOptions): boolean {
  return options.required !== false;
}

/**
 * The JSON Schema Swagger options describe: type (a class, a built-in, a type name, `[Type]` or a lazy
 * `() => Type`), arrays, enums, nested classes (through `nested`), the value keywords (format, bounds, lengths,
 * pattern, default) and annotations (description, title, example as `examples`).
 */
export function swaggerSchema(options: SwaggerOptions, nested: (type: Function) => JsonSchema): JsonSchema {
  let type = options.type;
  if (typeof type === 'function' && !type.prototype) {
    type = (type as () => unknown)();
  }
  let isArray = options.isArray === true;
  if (Array.isArray(type)) {
    isArray = true;
    type = type[0];
  }
  let value: JsonSchema;
  if (options.schema) {
    value = { ...options.schema };
  } else if (type === 'array' || type === Array) {
    value = { type: 'array', ...(options.items ? { items: { ...options.items } } : {}) };
    isArray = false;
  } else if (options.enum !== undefined) {
    const values = enumValues(options.enum);
    value = { ...(typeof type === 'string' && JSON_TYPES.has(type) ? { type } : {}), enum: values };
  } else if (typeof type === 'string') {
    value = JSON_TYPES.has(type) ? { type } : {};
  } else if (isUserClass(type)) {
    value = nested(type);
  } else {
    value = primitiveSchema(type) ?? {};
  }
  value = { ...value, ...pick(options, VALUE_KEYWORDS) };
  const schema: JsonSchema = isArray ? { type: 'array', items: value, ...pick(options, ARRAY_KEYWORDS) } : value;
  return {
    ...schema,
    ...(options.title !== undefined ? { title: options.title } : {}),
    ...(options.description !== undefined ? { description: options.description } : {}),
    ...(options.example !== undefined ? { examples: [options.example] } : {}),
    ...(options.deprecated ? { deprecated: true } : {}),
  };
}

/** An enum's values: an array as given, or a TypeScript enum object without the reverse mappings of numbers. */
function enumValues(source: unknown): unknown[] {
  if (Array.isArray(source)) return [...source];
  if (typeof source === 'function') return enumValues((source as () => unknown)());
  if (source && typeof source === 'object') {
    const entries = Object.entries(source as Record<string, unknown>);
    return entries.filter(([key]) => !/^\d+$/.test(key)).map(([, value]) => value);
  }
  return [];
}

function pick(options: SwaggerOptions, keys: readonly (keyof SwaggerOptions)[]): JsonSchema {
  const picked: JsonSchema = {};
  for (const key of keys) {
    const value = options[key];
    // OpenAPI 3.0's boolean `exclusiveMinimum`/`exclusiveMaximum` mean nothing in JSON Schema 2020-12.
    if (value !== undefined && value !== false && !(typeof value === 'boolean' && key.startsWith('exclusive'))) {
      picked[key as string] = value;
    }
  }
  return picked;
}
