import type { McpCompleter } from '../completion/completion.types.js';
import type { McpPromptArgument } from '../decorators/mcp-prompt.decorator.js';
import type { McpToolAnnotations } from '../decorators/mcp-tool.decorator.js';
import type { McpGuardCheck, McpHandlerFn } from '../execution/mcp-handler.types.js';
import type { ArgumentsValidator } from '../schema/arguments.validator.js';
import type { JsonObjectSchema, JsonSchema } from '../schema/json-schema.types.js';
import type { UriTemplate } from './uri-template.js';

/**
 * The class and method a definition was declared on. When the HTTP endpoint runs its guards for a call of the
 * definition, they see these as `context.getClass()` and `context.getHandler()`, so the metadata of the handler
 * (`@Public()`, `@SkipThrottle()`, `@Throttle()`) applies and throttlers count per handler.
 */
export interface McpHandlerTarget {
  readonly classRef: Function;
  readonly handler: Function;
}

/** A tool the server exposes: its published definition and the handler that runs it. */
export interface McpToolDefinition {
  name: string;
  title?: string;
  description: string;
  inputSchema: JsonObjectSchema | JsonSchema;
  outputSchema?: JsonSchema;
  annotations?: McpToolAnnotations;
  tags: readonly string[];
  meta?: Record<string, unknown>;
  /** OAuth scopes a caller needs. */
  scopes?: readonly string[];
  /** Its own class and method guards, run against list requests to decide who sees it. */
  guardCheck?: McpGuardCheck;
  /** Listed for every caller, whatever its guards and scopes say. */
  alwaysListed?: boolean;
  /** Where it was declared (none for definitions added at run time). */
  target?: McpHandlerTarget;
  /** Whether it can run as a task. */
  taskSupport: 'forbidden' | 'optional' | 'required';
  /** When its task is created. */
  taskStart: 'immediate' | 'manual';
  handler: McpHandlerFn;
  /** Checks arguments against `inputSchema`; compiled once when the tool is registered. */
  validateArguments?: ArgumentsValidator;
  /** Where it was declared, as `"Class#method"` (or `"runtime"`). */
  source: string;
}

/** A fixed resource or a resource template. */
export interface McpResourceDefinition {
  /** The fixed URI, for a fixed resource. */
  uri?: string;
  /** The parsed template, for a resource template. */
  template?: UriTemplate;
  name: string;
  title?: string;
  description: string;
  mimeType?: string;
  meta?: Record<string, unknown>;
  /** OAuth scopes a caller needs. */
  scopes?: readonly string[];
  /** Its own class and method guards, run against list requests to decide who sees it. */
  guardCheck?: McpGuardCheck;
  /** Listed for every caller, whatever its guards and scopes say. */
  alwaysListed?: boolean;
  /** Where it was declared (none for definitions added at run time). */
  target?: McpHandlerTarget;
  /** Cache hints of its reads on the stateless wire. */
  cache?: { ttlMs: number; scope: 'public' | 'private' };
  /** Receives the template variables as arguments (none for a fixed resource). */
  handler: McpHandlerFn;
  /** Completers of template variables, by variable name. */
  completers?: Map<string, McpCompleter>;
  source: string;
}

/** A prompt. */
export interface McpPromptDefinition {
  name: string;
  title?: string;
  description: string;
  arguments: readonly McpPromptArgument[];
  meta?: Record<string, unknown>;
  /** OAuth scopes a caller needs. */
  scopes?: readonly string[];
  /** Its own class and method guards, run against list requests to decide who sees it. */
  guardCheck?: McpGuardCheck;
  /** Listed for every caller, whatever its guards and scopes say. */
  alwaysListed?: boolean;
  /** Where it was declared (none for definitions added at run time). */
  target?: McpHandlerTarget;
  handler: McpHandlerFn;
  /** Completers of arguments, by argument name. */
  completers?: Map<string, McpCompleter>;
  source: string;
}
