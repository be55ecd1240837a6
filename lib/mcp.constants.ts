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

/** Metadata key of `@nestjs/swagger`'s `@ApiExcludeController()`, set on the MCP endpoint's controller. */
export const SWAGGER_API_EXCLUDE_CONTROLLER_METADATA = 'swagger/apiExcludeController';
