/**
 * A JSON Schema (2020-12) document or sub-schema, as MCP carries it in `inputSchema` and `outputSchema`.
 * Kept deliberately open: tools may declare any keyword, and the server returns it verbatim.
 */
export interface JsonSchema {
  $schema?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  format?: string;
  description?: string;
  additionalProperties?: boolean | JsonSchema;
  [keyword: string]: unknown;
}

/** The schema of a tool's arguments: always an object at the top level, as MCP requires. */
export interface JsonObjectSchema extends JsonSchema {
  type: 'object';
}
