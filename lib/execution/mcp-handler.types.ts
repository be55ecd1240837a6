import type { IncomingMessage } from 'node:http';
import type { McpContext } from '../context/mcp-context.js';

/**
 * A callable MCP handler: takes the call's arguments and context, returns whatever the method returns (mapped to
 * MCP content afterwards) or throws. Discovered handlers run through Nest's pipeline; handlers added with
 * `McpRegistry` at run time are plain functions of this shape.
 */
export type McpHandlerFn = (args: Record<string, unknown>, context: McpContext) => Promise<unknown> | unknown;

/**
 * Runs a handler's own class and method guards against a request carrying no arguments (a list request), and
 * says whether they let it through. Used to show each caller only what it may call.
 */
export type McpGuardCheck = (request: IncomingMessage) => Promise<boolean>;
