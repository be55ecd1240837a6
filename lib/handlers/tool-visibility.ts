import type { McpToolDefinition } from '../discovery/mcp-definitions.js';
import type { McpFilterOptions } from '../mcp-options.interface.js';

function matches(tool: McpToolDefinition, filter: McpFilterOptions): boolean {
  return (filter.names?.includes(tool.name) ?? false) || (filter.tags?.some((tag) => tool.tags.includes(tag)) ?? false);
}

/**
 * Builds the predicate of the module's `include`/`exclude` options: a tool is visible when `include` is unset or
 * matches it (by name or tag), and `exclude` does not. Exclusion wins.
 */
export function createToolVisibility(
  include?: McpFilterOptions,
  exclude?: McpFilterOptions,
): (tool: McpToolDefinition) => boolean {
  return (tool) => (!include || matches(tool, include)) && !(exclude && matches(tool, exclude));
}
