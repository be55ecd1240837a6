/** Metadata key under which `@McpTool()` stores its options on a method. */
export const MCP_TOOL_METADATA = 'mcp:tool';
/** Metadata key under which `@McpResource()` stores its options on a method. */
export const MCP_RESOURCE_METADATA = 'mcp:resource';
/** Metadata key under which `@McpPrompt()` stores its options on a method. */
export const MCP_PROMPT_METADATA = 'mcp:prompt';

/** Metadata key under which `@McpCompletion()` stores its options on a method. */
export const MCP_COMPLETION_METADATA = 'mcp:completion';

/** Metadata key under which `@McpProperty()` stores its options on a DTO property. */
export const MCP_PROPERTY_METADATA = 'mcp:property';

/**
 * Parameter types of `@McpArgs()` and `@McpCtx()`. They are stored beside Nest's own route parameter types
 * (`RouteParamtypes`, 0–12) in the route-arguments metadata, so one params factory resolves both kinds.
 */
export enum McpParamtype {
  ARGS = 1001,
  CONTEXT = 1002,
}

/** Metadata key of `@nestjs/swagger`'s `@ApiOperation()`, read for a route's summary when present. */
export const SWAGGER_API_OPERATION_METADATA = 'swagger/apiOperation';

/**
 * Metadata keys `@nestjs/swagger` writes, read by key so the package never imports it: the list of decorated DTO
 * properties, each property's `@ApiProperty()` options, a route's `@ApiQuery`/`@ApiParam`/`@ApiBody`, and
 * `@ApiExcludeController()`.
 */
export const SWAGGER_METADATA = {
  MODEL_PROPERTIES_ARRAY: 'swagger/apiModelPropertiesArray',
  MODEL_PROPERTIES: 'swagger/apiModelProperties',
  PARAMETERS: 'swagger/apiParameters',
  EXCLUDE_CONTROLLER: 'swagger/apiExcludeController',
} as const;

/** The static method the `@nestjs/swagger` CLI plugin adds to DTO classes, listing their properties. */
export const SWAGGER_PLUGIN_METADATA_FACTORY = '_OPENAPI_METADATA_FACTORY';
