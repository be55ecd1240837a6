import type { McpCompleter } from '../completion/completion.types.js';
import type { McpPromptArgument } from '../decorators/mcp-prompt.decorator.js';
import { McpDefinitionError } from '../errors/mcp-definition.error.js';

/** Completers by argument name; a completer for an argument the definition does not have is a mistake. */
export function completersOf(
  complete: Record<string, McpCompleter> | undefined,
  names: readonly string[],
  what: string,
  source = 'runtime',
): Map<string, McpCompleter> | undefined {
  if (!complete) return undefined;
  const completers = new Map<string, McpCompleter>();
  for (const [name, completer] of Object.entries(complete)) {
    if (!names.includes(name)) {
      throw new McpDefinitionError(
        source,
        `The ${what} has a completer for "${name}", which is not one of its arguments (${names.join(', ') || 'none'})`,
      );
    }
    completers.set(name, completer);
  }
  return completers.size > 0 ? completers : undefined;
}

/** Prompt arguments as published: the completers stay on the server. */
export function withoutCompleters(args: readonly McpPromptArgument[]): McpPromptArgument[] {
  return args.map(({ complete: _complete, ...argument }) => argument);
}
