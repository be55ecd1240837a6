import { Injectable } from '@nestjs/common';
import { complete } from '../completion/completion-result.js';
import type { McpCompleter, McpCompletionContext } from '../completion/completion.types.js';
import { McpRegistry } from '../discovery/mcp.registry.js';
import { McpProtocolError } from '../errors/mcp-protocol.error.js';
import type { McpMethodFamily, McpMethodHandler } from '../context/mcp-request-scope.js';

/** The longest typed value or context argument a completer is asked about. */
const MAX_VALUE_LENGTH = 4096;
/** The most context arguments read from one request. */
const MAX_CONTEXT_ARGUMENTS = 64;

/**
 * `completion/complete`: suggestions for a prompt argument or a resource template variable, from the completer
 * declared beside the definition or with `@McpCompletion()`. An argument without a completer gets no suggestions;
 * an unknown prompt, template or argument is invalid params.
 */
@Injectable()
export class CompletionHandler implements McpMethodFamily {
  readonly methods: Record<string, McpMethodHandler> = {
    'completion/complete': async (params, scope) => {
      const ref = readRef(params.ref);
      const argument = readArgument(params.argument);
      const { completers, names } = this.targetOf(ref);
      if (!names.includes(argument.name)) {
        throw McpProtocolError.invalidParams(
          `"${argument.name}" is not an argument of ${describeRef(ref)}. Its arguments are: ${names.join(', ') || 'none'}.`,
        );
      }
      const completer = completers?.get(argument.name);
      if (!completer) return { completion: { values: [], total: 0, hasMore: false } };
      const context: McpCompletionContext = {
        argument: argument.name,
        value: argument.value,
        arguments: readContextArguments(params.context),
        ref,
        request: scope.httpRequest,
        signal: scope.signal,
      };
      // A failing completer is an internal error: the dispatcher logs it and tells the client nothing more.
      return { completion: await complete(completer, context) };
    },
  };

  constructor(private readonly registry: McpRegistry) {}

  private targetOf(ref: McpCompletionContext['ref']): { completers?: Map<string, McpCompleter>; names: readonly string[] } {
    if (ref.type === 'ref/prompt') {
      const prompt = this.registry.getPrompt(ref.name);
      if (!prompt) {
        throw McpProtocolError.invalidParams(`Unknown prompt "${ref.name}". Call prompts/list to see the prompts.`);
      }
      return { completers: prompt.completers, names: prompt.arguments.map((a) => a.name) };
    }
    const template = this.registry.getResourceTemplate(ref.uri);
    if (!template) {
      throw McpProtocolError.invalidParams(
        `Unknown resource template "${ref.uri}". Call resources/templates/list and pass a "uriTemplate" as it is listed.`,
      );
    }
    return { completers: template.completers, names: template.template!.variables };
  }
}

function describeRef(ref: McpCompletionContext['ref']): string {
  return ref.type === 'ref/prompt' ? `the prompt "${ref.name}"` : `the resource template "${ref.uri}"`;
}

function readRef(value: unknown): McpCompletionContext['ref'] {
  const ref = value as { type?: unknown; name?: unknown; uri?: unknown } | undefined;
  if (ref?.type === 'ref/prompt' && typeof ref.name === 'string' && ref.name !== '') {
    return { type: 'ref/prompt', name: ref.name };
  }
  if (ref?.type === 'ref/resource' && typeof ref.uri === 'string' && ref.uri !== '') {
    return { type: 'ref/resource', uri: ref.uri };
  }
  throw McpProtocolError.invalidParams(
    'completion/complete needs "ref": {"type":"ref/prompt","name":…} or {"type":"ref/resource","uri":…}.',
  );
}

function readArgument(value: unknown): { name: string; value: string } {
  const argument = value as { name?: unknown; value?: unknown } | undefined;
  if (!argument || typeof argument.name !== 'string' || typeof argument.value !== 'string') {
    throw McpProtocolError.invalidParams('completion/complete needs "argument": {"name": string, "value": string}.');
  }
  if (argument.value.length > MAX_VALUE_LENGTH) {
    throw McpProtocolError.invalidParams(`completion/complete: "argument.value" is longer than ${MAX_VALUE_LENGTH} characters.`);
  }
  return { name: argument.name, value: argument.value };
}

/** `context.arguments`: string values only, bounded in number and length; anything else is dropped. */
function readContextArguments(value: unknown): Record<string, string> {
  const source = (value as { arguments?: unknown } | undefined)?.arguments;
  const result: Record<string, string> = Object.create(null) as Record<string, string>;
  if (!source || typeof source !== 'object' || Array.isArray(source)) return result;
  for (const [name, argument] of Object.entries(source).slice(0, MAX_CONTEXT_ARGUMENTS)) {
    if (typeof argument === 'string' && argument.length <= MAX_VALUE_LENGTH) result[name] = argument;
  }
  return result;
}
