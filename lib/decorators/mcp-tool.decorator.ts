import { SetMetadata } from '@nestjs/common';
import { MCP_TOOL_METADATA } from '../mcp.constants.js';
import type { JsonSchema } from '../schema/json-schema.types.js';

/** Hints about a tool's behaviour, shown to clients. They are hints, not guarantees. */
export interface McpToolAnnotations {
  /** A human-readable title (`title` on the tool wins when both are set). @default undefined */
  title?: string;
  /** The tool does not modify its environment. @default false */
  readOnlyHint?: boolean;
  /** The tool may perform destructive updates (meaningful when not read-only). @default true */
  destructiveHint?: boolean;
  /** Calling the tool again with the same arguments has no further effect. @default false */
  idempotentHint?: boolean;
  /** The tool interacts with an open world of external entities. @default true */
  openWorldHint?: boolean;
}

/** Options of {@link McpTool}. */
export interface McpToolOptions {
  /**
   * The tool's name: 1–128 characters of `A-Z a-z 0-9 _ - .`, unique in the server.
   * @default the method name
   */
  name?: string;
  /** A human-readable title. @default undefined */
  title?: string;
  /**
   * What the tool does, for the model. Never empty on the wire.
   * @default the route's `@ApiOperation({ summary })` when present, else a readable form of the name
   */
  description?: string;
  /** Behaviour hints. @default the module's `defaultToolAnnotations` */
  annotations?: McpToolAnnotations;
  /** A JSON Schema of the tool's `structuredContent`; when set, results are checked to be objects. @default undefined */
  outputSchema?: JsonSchema;
  /**
   * The JSON Schema of the arguments, returned verbatim. Overrides the schema derived from the route's
   * `@Param`/`@Query`/`@Body` (or `@McpArgs()`) and their DTOs.
   * @default derived
   */
  inputSchema?: JsonSchema;
  /**
   * Arguments mirrored in `Mcp-Param-<Header>` HTTP headers on the stateless wire, as `{ argument: 'Header' }`
   * (adds `x-mcp-header` to their schemas; `@McpProperty({ header })` does the same on a DTO property).
   * @default undefined
   */
  headers?: Record<string, string>;
  /** Tags used by the module's `include`/`exclude` filters. @default [] */
  tags?: string[];
  /**
   * OAuth scopes a caller needs to call the tool. Checked before the handler runs (HTTP 403 `insufficient_scope` when
   * missing, 401 without credentials) and published in `_meta.securitySchemes` as `[{ type: 'oauth2', scopes }]`.
   * @default undefined (no scope needed)
   * @example ['notes:write']
   */
  scopes?: string[];
  /**
   * Lists the definition for every caller. By default a list shows each caller only what its scopes and the
   * definition's own class and method guards allow (guards run against the list request, without arguments);
   * set this for a definition whose guards need arguments to decide.
   * @default false
   */
  alwaysListed?: boolean;
  /** Extra `_meta` published with the tool definition. @default undefined */
  meta?: Record<string, unknown>;
  /**
   * Whether the tool can run as a task: `'forbidden'` (never), `'optional'` (when the client supports tasks) or
   * `'required'` (clients without task support are refused).
   * @default 'forbidden'
   */
  taskSupport?: 'forbidden' | 'optional' | 'required';
  /**
   * When the task is created: `'immediate'` (before the handler runs) or `'manual'` (when the handler calls
   * `ctx.startTask()`, so it can first ask for input in ordinary rounds; if it never does, the call answers
   * directly). Stateful clients that ask for a task always get one immediately.
   * @default 'immediate'
   */
  taskStart?: 'immediate' | 'manual';
}

/**
 * Exposes a controller route or a provider method as an MCP tool.
 *
 * On a controller route, a `tools/call` runs through the route's own guards, interceptors, pipes and exception
 * filters, with the MCP request's headers and user, and `params`/`query`/`body` taken from the arguments.
 *
 * @example
 * ```ts
 * @Post()
 * @McpTool({ description: 'Creates a note', annotations: { destructiveHint: false } })
 * create(@Body() dto: CreateNoteDto) { ... }
 * ```
 */
export const McpTool = (options: McpToolOptions = {}): MethodDecorator =>
  SetMetadata(MCP_TOOL_METADATA, options);
