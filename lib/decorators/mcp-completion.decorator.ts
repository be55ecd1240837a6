import { MCP_COMPLETION_METADATA } from '../mcp.constants.js';

/** Completes an argument of a prompt. */
export interface McpPromptCompletionOptions {
  /** The prompt's name. */
  prompt: string;
  /** The argument to complete. */
  argument: string;
  resource?: never;
}

/** Completes a variable of a resource template. */
export interface McpResourceCompletionOptions {
  /** The resource template, exactly as declared (e.g. `notes://notes/{id}`). */
  resource: string;
  /** The template variable to complete. */
  argument: string;
  prompt?: never;
}

/** Options of {@link McpCompletion}: a prompt argument or a resource template variable. */
export type McpCompletionOptions = McpPromptCompletionOptions | McpResourceCompletionOptions;

/**
 * Makes a controller or provider method the completer of a prompt argument or resource template variable
 * (`completion/complete`). The method receives what the user typed and an `McpCompletionContext` (the other
 * arguments, the HTTP request and its user), and returns the suggestions: strings (an array or any iterable,
 * filtered by the method itself) or `{ values, total?, hasMore? }`, possibly as a promise. At most 100 values
 * reach the client. It runs on the instance Nest created, so injected services are at hand. A completer naming a
 * prompt, template or argument that does not exist fails the bootstrap. Stack it to complete several arguments with
 * one method.
 *
 * @example
 * ```ts
 * @McpCompletion({ prompt: 'summarize', argument: 'id' })
 * completeNoteId(value: string, context: McpCompletionContext) {
 *   return this.notes.findAll().map((note) => note.id).filter((id) => id.startsWith(value));
 * }
 * ```
 */
export const McpCompletion =
  (options: McpCompletionOptions): MethodDecorator =>
  (_target, _key, descriptor: PropertyDescriptor) => {
    // Unlike SetMetadata, stacked decorators add up: one method may complete several arguments.
    const existing = (Reflect.getMetadata(MCP_COMPLETION_METADATA, descriptor.value) as McpCompletionOptions[] | undefined) ?? [];
    Reflect.defineMetadata(MCP_COMPLETION_METADATA, [...existing, options], descriptor.value);
    return descriptor;
  };
