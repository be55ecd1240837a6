import { MCP_PROPERTY_METADATA } from '../mcp.constants.js';
import type { JsonSchema } from './json-schema.types.js';

/** What `@McpProperty()` stores on a DTO property (read here without depending on the decorator). */
interface StoredPropertyAnnotations {
  description?: string;
  title?: string;
  examples?: unknown[];
  header?: string;
}

/** The schema keyword that mirrors an argument in an `Mcp-Param-<Name>` header (stateless wire). */
export const X_MCP_HEADER = 'x-mcp-header';

/** Adds what `@McpProperty()` declared on a DTO property (description, title, examples, header mirror). */
export function withPropertyAnnotations(schema: JsonSchema, type: Function, propertyName: string): JsonSchema {
  const options = Reflect.getMetadata(MCP_PROPERTY_METADATA, type.prototype, propertyName) as StoredPropertyAnnotations | undefined;
  if (!options) return schema;
  return {
    ...schema,
    ...(options.title !== undefined ? { title: options.title } : {}),
    ...(options.description !== undefined ? { description: options.description } : {}),
    ...(options.examples !== undefined ? { examples: options.examples } : {}),
    ...(options.header !== undefined ? { [X_MCP_HEADER]: options.header } : {}),
  };
}

/** Marks arguments of a tool schema as mirrored in headers (`@McpTool({ headers })`), returning a new schema. */
export function withHeaderMirrors(schema: JsonSchema, headers: Readonly<Record<string, string>> | undefined): JsonSchema {
  if (!headers || Object.keys(headers).length === 0) return schema;
  const properties = { ...(schema.properties ?? {}) };
  for (const [argument, header] of Object.entries(headers)) {
    properties[argument] = { ...(properties[argument] ?? { type: 'string' }), [X_MCP_HEADER]: header };
  }
  return { ...schema, properties };
}
