import type { McpMethodFamily } from '../context/mcp-request-scope.js';

/**
 * The token under which the module hands the dispatcher every MCP method family (tools, resources, prompts, …),
 * the way `@nestjs/cqrs` hands its buses their handlers: the dispatcher never imports a handler class.
 */
export const MCP_METHOD_FAMILIES = Symbol('mcp:method-families');

/** What {@link MCP_METHOD_FAMILIES} holds. */
export type McpMethodFamilies = readonly McpMethodFamily[];
