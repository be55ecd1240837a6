import type { McpCompleter } from '../completion/completion.types.js';
import type { McpPromptArgument } from '../decorators/mcp-prompt.decorator.js';
import type { McpToolAnnotations } from '../decorators/mcp-tool.decorator.js';
import { McpDefinitionError } from '../errors/mcp-definition.error.js';
import type { McpHandlerFn } from '../execution/mcp-handler.types.js';
import type { JsonSchema } from '../schema/json-schema.types.js';
import { completersOf, withoutCompleters } from './completers.js';
import type { McpPromptDefinition, McpResourceDefinition, McpToolDefinition } from './mcp-definitions.js';
import { readableName } from './readable-name.js';
import { UriTemplate } from './uri-template.js';

/** A tool added at run time with `McpRegistry.addTool`. */
export interface McpRuntimeTool {
  name: string;
  title?: string;
  /** @default a readable form of the name */
  description?: string;
  /** @default `{ type: 'object' }` (any arguments) */
  inputSchema?: JsonSchema;
  outputSchema?: JsonSchema;
  annotations?: McpToolAnnotations;
  tags?: string[];
  /** @default 'forbidden' */
  taskSupport?: 'forbidden' | 'optional' | 'required';
  /** @default 'immediate' */
  taskStart?: 'immediate' | 'manual';
  handler: McpHandlerFn;
}

/** A resource (with `uri`) or resource template (with `uriTemplate`) added at run time with `McpRegistry.addResource`. */
export interface McpRuntimeResource {
  uri?: string;
  uriTemplate?: string;
  name: string;
  title?: string;
  description?: string;
  mimeType?: string;
  /** Cache hints of its reads on the stateless wire. */
  cache?: { ttlMs: number; scope: 'public' | 'private' };
  /** Completers of template variables, by variable name (`completion/complete`). */
  complete?: Record<string, McpCompleter>;
  /** Receives the template variables as arguments. */
  handler: McpHandlerFn;
}

/** A prompt added at run time with `McpRegistry.addPrompt`. */
export interface McpRuntimePrompt {
  name: string;
  title?: string;
  description?: string;
  arguments?: McpPromptArgument[];
  handler: McpHandlerFn;
}

/** The definition of a tool added at run time, with the defaults filled in. */
export function runtimeToolDefinition(tool: McpRuntimeTool): McpToolDefinition {
  return {
    name: tool.name,
    title: tool.title,
    description: tool.description || readableName(tool.name),
    inputSchema: tool.inputSchema ?? { type: 'object' },
    outputSchema: tool.outputSchema,
    annotations: tool.annotations,
    tags: tool.tags ?? [],
    taskSupport: tool.taskSupport ?? 'forbidden',
    taskStart: tool.taskStart ?? 'immediate',
    handler: tool.handler,
    source: 'runtime',
  };
}

/** The definition of a resource or resource template added at run time; throws on a mistake in it. */
export function runtimeResourceDefinition(resource: McpRuntimeResource): McpResourceDefinition {
  if (Boolean(resource.uri) === Boolean(resource.uriTemplate)) {
    throw new McpDefinitionError('runtime', `Resource "${resource.name}" needs exactly one of "uri" and "uriTemplate"`);
  }
  let template: UriTemplate | undefined;
  if (resource.uriTemplate) {
    try {
      template = UriTemplate.parse(resource.uriTemplate);
    } catch (error) {
      throw new McpDefinitionError('runtime', (error as Error).message);
    }
  }
  return {
    uri: resource.uri,
    template,
    name: resource.name,
    title: resource.title,
    description: resource.description || readableName(resource.name),
    mimeType: resource.mimeType,
    cache: resource.cache,
    handler: resource.handler,
    completers: completersOf(resource.complete, template?.variables ?? [], `resource "${resource.name}"`),
    source: 'runtime',
  };
}

/** The definition of a prompt added at run time; throws on a completer for an argument it does not have. */
export function runtimePromptDefinition(prompt: McpRuntimePrompt): McpPromptDefinition {
  const args = prompt.arguments ?? [];
  return {
    name: prompt.name,
    title: prompt.title,
    description: prompt.description || readableName(prompt.name),
    arguments: withoutCompleters(args),
    handler: prompt.handler,
    completers: completersOf(
      Object.fromEntries(args.flatMap((argument) => (argument.complete ? [[argument.name, argument.complete]] : []))),
      args.map((argument) => argument.name),
      `prompt "${prompt.name}"`,
    ),
    source: 'runtime',
  };
}
