export { McpStdio, type McpStdioServer } from './mcp-stdio.js';
export type { McpStdioOptions } from './mcp-stdio-options.interface.js';
export { StderrConsoleLogger } from './stderr-console.logger.js';
export type { McpStdioPrincipal } from './stdio-caller.js';
