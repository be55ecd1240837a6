import { MCP_PROPERTY_METADATA } from '../mcp.constants.js';

/** Options of {@link McpProperty}. */
export interface McpPropertyOptions {
  /** Describes the argument to the model (`description` in the schema). @default undefined */
  description?: string;
  /** A short human-readable name (`title` in the schema). @default undefined */
  title?: string;
  /** Example values (`examples` in the schema). @default undefined */
  examples?: unknown[];
  /**
   * Mirrors the argument in an `Mcp-Param-<header>` HTTP header on the stateless wire (`x-mcp-header`), so
   * gateways can route on it without parsing the body. The server checks the header matches the argument.
   * @default undefined
   */
  header?: string;
}

/**
 * Adds MCP-facing schema details to a DTO property: a description for the model, a title, examples, and the
 * `x-mcp-header` mirror. Works beside class-validator decorators.
 *
 * @example
 * ```ts
 * class SearchDto {
 *   @McpProperty({ description: 'Deployment region', header: 'Region' })
 *   @IsString()
 *   region!: string;
 * }
 * ```
 */
export function McpProperty(options: McpPropertyOptions): PropertyDecorator {
  return (target, propertyKey) => {
    Reflect.defineMetadata(MCP_PROPERTY_METADATA, options, target, propertyKey);
  };
}
