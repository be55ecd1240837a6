import { SetMetadata } from '@nestjs/common';
import type { McpCompleter } from '../completion/completion.types.js';
import { MCP_PROMPT_METADATA } from '../mcp.constants.js';

/** One argument of a prompt. Prompt arguments are strings. */
export interface McpPromptArgument {
  /** The argument's name. */
  name: string;
  /** A human-readable title. @default undefined */
  title?: string;
  /** What the argument is for. @default undefined */
  description?: string;
  /** Whether `prompts/get` must supply it. @default false */
  required?: boolean;
  /**
   * Suggests values as the user types (`completion/complete`): a list filtered by prefix, or a function. For a
   * completer that needs injected services, decorate a provider method with `@McpCompletion()` instead.
   * @default undefined (no suggestions)
   * @example complete: ['en', 'fr', 'de']
   */
  complete?: McpCompleter;
}

/** Options of {@link McpPrompt}. */
export interface McpPromptOptions {
  /** The prompt's name, unique in the server. @default the method name */
  name?: string;
  /** A human-readable title. @default undefined */
  title?: string;
  /** What the prompt is for. @default the route's `@ApiOperation({ summary })` when present, else a readable form of the name */
  description?: string;
  /**
   * The prompt's arguments.
   * @default derived from the route's parameters or the `@McpArgs()` DTO (required when the schema requires them)
   */
  arguments?: McpPromptArgument[];
  /**
   * OAuth scopes a caller needs to get the prompt. Checked before the handler runs (HTTP 403 `insufficient_scope` when
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
  /** Extra `_meta` published with the prompt definition. @default undefined */
  meta?: Record<string, unknown>;
}

/**
 * Exposes a controller route or a provider method as an MCP prompt. The handler returns a string (one user
 * message), an array of messages, or a full `{ description?, messages }` result.
 *
 * @example
 * ```ts
 * @McpPrompt({ description: 'Summarise a note', arguments: [{ name: 'id', required: true }] })
 * summarise(@McpArgs() args: { id: string }) {
 *   return `Summarise the note ${args.id} in three bullet points.`;
 * }
 * ```
 */
export const McpPrompt = (options: McpPromptOptions = {}): MethodDecorator =>
  SetMetadata(MCP_PROMPT_METADATA, options);
