import { Inject, Injectable, Optional } from '@nestjs/common';
import { McpDefinitionError } from '../errors/mcp-definition.error.js';
import { MCP_RESOLVED_OPTIONS, type ResolvedMcpOptions } from '../mcp-options.resolver.js';
import { isOpenApiDocument, readOpenApiInfo, type McpOpenApiInfo } from './openapi-document.js';
import { compileArgumentsValidator, type ArgumentsValidator } from '../schema/arguments.validator.js';
import type { McpPromptDefinition, McpResourceDefinition, McpToolDefinition } from './mcp-definitions.js';
import type { McpListKind, McpRegistryListener } from './mcp-registry-change.js';
import {
  runtimePromptDefinition,
  runtimeResourceDefinition,
  runtimeToolDefinition,
  type McpRuntimePrompt,
  type McpRuntimeResource,
  type McpRuntimeTool,
} from './runtime-definitions.js';

const TOOL_NAME = /^[A-Za-z0-9_.-]{1,128}$/;

/**
 * Every tool, resource and prompt the server exposes: those discovered from decorators at bootstrap and those
 * added at run time. Lists keep insertion order, so `tools/list` is stable. Changes notify listeners (the server
 * tells connected clients that the list changed).
 *
 * @example
 * ```ts
 * constructor(private readonly registry: McpRegistry) {}
 *
 * enableBeta() {
 *   this.registry.addTool({ name: 'beta_search', description: 'Searches (beta)', handler: (args) => search(args) });
 * }
 * ```
 */
@Injectable()
export class McpRegistry {
  private readonly tools = new Map<string, McpToolDefinition>();
  private readonly resources = new Map<string, McpResourceDefinition>();
  private readonly prompts = new Map<string, McpPromptDefinition>();
  private readonly listeners = new Set<McpRegistryListener>();
  private readonly resourceListeners = new Set<(uri: string) => void>();
  private revisionCounter = 0;
  private openApi?: { uri: string; info: McpOpenApiInfo };

  constructor(@Optional() @Inject(MCP_RESOLVED_OPTIONS) private readonly options?: ResolvedMcpOptions) {}

  /** Increases on every change; lets callers cache derived views. */
  get revision(): number {
    return this.revisionCounter;
  }

  /** Every tool, in registration order. */
  listTools(): McpToolDefinition[] {
    return [...this.tools.values()];
  }

  /** Every fixed resource and template, in registration order. */
  listResources(): McpResourceDefinition[] {
    return [...this.resources.values()];
  }

  /** Every prompt, in registration order. */
  listPrompts(): McpPromptDefinition[] {
    return [...this.prompts.values()];
  }

  getTool(name: string): McpToolDefinition | undefined {
    return this.tools.get(name);
  }

  getPrompt(name: string): McpPromptDefinition | undefined {
    return this.prompts.get(name);
  }

  /** The fixed resource with this URI, else the first template that matches it, with the template's variables. */
  findResource(uri: string): { definition: McpResourceDefinition; variables: Record<string, string> } | undefined {
    const fixed = this.resources.get(uri);
    if (fixed && !fixed.template) {
      return { definition: fixed, variables: {} };
    }
    for (const definition of this.resources.values()) {
      const variables = definition.template?.match(uri);
      if (variables) {
        return { definition, variables };
      }
    }
    return undefined;
  }

  /** Whether any prompt argument or resource template variable has a completer. */
  hasCompletions(): boolean {
    for (const prompt of this.prompts.values()) if (prompt.completers?.size) return true;
    for (const resource of this.resources.values()) if (resource.completers?.size) return true;
    return false;
  }

  /** The resource template registered under exactly this template string. */
  getResourceTemplate(template: string): McpResourceDefinition | undefined {
    const definition = this.resources.get(template);
    return definition?.template ? definition : undefined;
  }

  /**
   * Serves the application's OpenAPI document as a JSON resource (`openapi://document`, or the `openapi.uri`
   * option), replacing any previous one; `undefined` removes it. Its `info.title` and `info.version` become the
   * server's name and version unless the module options set them.
   *
   * @example
   * ```ts
   * const document = SwaggerModule.createDocument(app, config);
   * app.get(McpRegistry).setOpenApiDocument(document);
   * ```
   */
  setOpenApiDocument(document: object | undefined): void {
    if (document !== undefined && !isOpenApiDocument(document)) {
      throw new McpDefinitionError(
        'McpRegistry#setOpenApiDocument',
        'The value is not an OpenAPI document (no "openapi" or "swagger" version field): pass the result of SwaggerModule.createDocument()',
      );
    }
    if (this.openApi) {
      this.resources.delete(this.openApi.uri);
      this.openApi = undefined;
    }
    if (document === undefined) {
      this.changed('resources');
      return;
    }
    const uri = this.options?.openapi.uri ?? 'openapi://document';
    const info = readOpenApiInfo(document);
    const text = JSON.stringify(document);
    this.registerResource({
      uri,
      name: 'openapi',
      title: info.title ? `${info.title} (OpenAPI)` : 'OpenAPI document',
      description: 'The OpenAPI document of this application: every HTTP route, its parameters and schemas.',
      mimeType: 'application/json',
      handler: () => text,
      source: 'McpRegistry#setOpenApiDocument',
    });
    this.openApi = { uri, info };
  }

  /** The `info` of the OpenAPI document set with {@link setOpenApiDocument}, if any. */
  getOpenApiInfo(): McpOpenApiInfo | undefined {
    return this.openApi?.info;
  }

  /** Registers a discovered or prepared tool definition. Throws on a duplicate or invalid name. */
  registerTool(definition: McpToolDefinition): void {
    if (!TOOL_NAME.test(definition.name)) {
      throw new McpDefinitionError(
        definition.source,
        `Tool name "${definition.name}" is invalid: use 1–128 characters of A-Z, a-z, 0-9, "_", "-" and "."`,
      );
    }
    this.assertFree(this.tools, definition.name, 'tool', definition.source);
    this.tools.set(definition.name, { ...definition, validateArguments: compileToolSchema(definition) });
    this.changed('tools');
  }

  registerResource(definition: McpResourceDefinition): void {
    const key = definition.uri ?? definition.template!.template;
    this.assertFree(this.resources, key, 'resource URI', definition.source);
    this.resources.set(key, definition);
    this.changed('resources');
  }

  registerPrompt(definition: McpPromptDefinition): void {
    this.assertFree(this.prompts, definition.name, 'prompt', definition.source);
    this.prompts.set(definition.name, definition);
    this.changed('prompts');
  }

  /** Adds a tool at run time. Connected clients are told the tool list changed. */
  addTool(tool: McpRuntimeTool): void {
    this.registerTool(runtimeToolDefinition(tool));
  }

  /** Adds a resource or resource template at run time. */
  addResource(resource: McpRuntimeResource): void {
    this.registerResource(runtimeResourceDefinition(resource));
  }

  /** Adds a prompt at run time. */
  addPrompt(prompt: McpRuntimePrompt): void {
    this.registerPrompt(runtimePromptDefinition(prompt));
  }

  /** Removes a tool; returns whether it existed. */
  removeTool(name: string): boolean {
    return this.remove(this.tools, name, 'tools');
  }

  /** Removes a resource by its URI or its template string; returns whether it existed. */
  removeResource(uriOrTemplate: string): boolean {
    if (this.openApi?.uri === uriOrTemplate) this.openApi = undefined;
    return this.remove(this.resources, uriOrTemplate, 'resources');
  }

  /** Removes a prompt; returns whether it existed. */
  removePrompt(name: string): boolean {
    return this.remove(this.prompts, name, 'prompts');
  }

  /** Calls `listener` after every change; returns a function that stops it. */
  onChange(listener: McpRegistryListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Announces that the contents of a resource changed. Sessions subscribed to `uri` (`resources/subscribe`) receive
   * `notifications/resources/updated`, on whichever instance they are connected.
   */
  notifyResourceUpdated(uri: string): void {
    for (const listener of this.resourceListeners) listener(uri);
  }

  /** Calls `listener` for every {@link notifyResourceUpdated}; returns a function that stops it. */
  onResourceUpdated(listener: (uri: string) => void): () => void {
    this.resourceListeners.add(listener);
    return () => this.resourceListeners.delete(listener);
  }

  private assertFree(map: Map<string, { source: string }>, key: string, what: string, source: string): void {
    const existing = map.get(key);
    if (existing) {
      throw new McpDefinitionError(
        source,
        `Duplicate ${what} "${key}": it is already declared at "${existing.source}". Give one of them another name`,
      );
    }
  }

  private remove(map: Map<string, unknown>, key: string, kind: McpListKind): boolean {
    const removed = map.delete(key);
    if (removed) {
      this.changed(kind);
    }
    return removed;
  }

  private changed(kind: McpListKind): void {
    this.revisionCounter += 1;
    for (const listener of this.listeners) {
      listener(kind);
    }
  }
}

/** Compiles a tool's input schema, or fails naming the tool and Ajv's reason. */
function compileToolSchema(definition: McpToolDefinition): ArgumentsValidator {
  try {
    return compileArgumentsValidator(definition.inputSchema);
  } catch (error) {
    throw new McpDefinitionError(
      definition.source,
      `Tool "${definition.name}" has an input schema that is not valid JSON Schema 2020-12: ${(error as Error).message}. Fix "inputSchema".`,
    );
  }
}
