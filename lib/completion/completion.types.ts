import type { IncomingMessage } from 'node:http';

/** What a completer knows about the completion request. */
export interface McpCompletionContext {
  /** The argument (prompt) or template variable (resource) being completed. */
  readonly argument: string;
  /** What the user typed so far. */
  readonly value: string;
  /** The other arguments already given (`context.arguments` of the request). */
  readonly arguments: Readonly<Record<string, string>>;
  /** The prompt or resource template being completed. */
  readonly ref: { readonly type: 'ref/prompt'; readonly name: string } | { readonly type: 'ref/resource'; readonly uri: string };
  /** The HTTP request that carried the call (`request.user` is set by Passport-style guards). */
  readonly request: IncomingMessage & { user?: unknown };
  /** Aborted when the client cancels or disconnects. */
  readonly signal: AbortSignal;
}

/** Suggestions with paging hints, when a completer knows there are more than it returns. */
export interface McpCompletionValues {
  values: readonly string[];
  /** How many values match in total. @default the number of values */
  total?: number;
  /** Whether more values exist than returned. @default true when more than 100 values are returned */
  hasMore?: boolean;
}

/**
 * Completes one argument: the suggestions for what the user typed. A fixed list of values is filtered by the
 * typed prefix (case-insensitive); a function filters itself and may be async. At most 100 values reach the client.
 *
 * @example
 * ```ts
 * complete: ['low', 'medium', 'high']
 * complete: (value, ctx) => ids.filter((id) => id.startsWith(value))
 * ```
 */
export type McpCompleter =
  | readonly string[]
  | ((value: string, context: McpCompletionContext) => McpCompleterReturn | Promise<McpCompleterReturn>);

/** What a completer function may return. */
export type McpCompleterReturn = Iterable<string> | McpCompletionValues;
