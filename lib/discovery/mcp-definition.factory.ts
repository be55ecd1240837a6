import { Inject, Injectable, Logger } from '@nestjs/common';
import type { McpPromptArgument, McpPromptOptions } from '../decorators/mcp-prompt.decorator.js';
import type { McpResourceOptions } from '../decorators/mcp-resource.decorator.js';
import type { McpToolOptions } from '../decorators/mcp-tool.decorator.js';
import { McpDefinitionError } from '../errors/mcp-definition.error.js';
import { RoutePipelineFactory, type HandlerHost } from '../execution/route-pipeline.factory.js';
import { MCP_RESOLVED_OPTIONS, type ResolvedMcpOptions } from '../mcp-options.resolver.js';
import type { JsonObjectSchema, JsonSchema } from '../schema/json-schema.types.js';
import { withHeaderMirrors } from '../schema/property-annotations.js';
import { buildProviderInputSchema } from '../schema/provider-input-schema.builder.js';
import { PROVIDER_ARGUMENT_LAYOUT, type RouteArgumentLayout } from '../schema/route-argument-layout.js';
import { buildRouteInputSchema } from '../schema/route-input-schema.builder.js';
import { diagnoseHandler, type HandlerTraits } from './handler-diagnostics.js';
import type { McpHandlerTarget, McpPromptDefinition, McpResourceDefinition, McpToolDefinition } from './mcp-definitions.js';
import { McpMetadataAccessor } from './mcp-metadata.accessor.js';
import { completersOf, withoutCompleters } from './completers.js';
import { readableName } from './readable-name.js';
import { UriTemplate } from './uri-template.js';

/**
 * Builds tool, resource and prompt definitions from decorator options and the method they decorate: names and
 * descriptions with their defaults, the input schema derived from the route or `@McpArgs()` DTO, and the handler
 * that runs the method through Nest's pipeline. Every developer mistake becomes an {@link McpDefinitionError}
 * naming `"Class#method"`.
 */
@Injectable()
export class McpDefinitionFactory {
  private readonly logger = new Logger('McpExplorer');

  constructor(
    private readonly pipelines: RoutePipelineFactory,
    private readonly accessor: McpMetadataAccessor,
    @Inject(MCP_RESOLVED_OPTIONS) private readonly options: ResolvedMcpOptions,
  ) {}

  createTool(host: HandlerHost, options: McpToolOptions): McpToolDefinition {
    const source = sourceOf(host);
    this.diagnose(host, source, { isController: host.isController, explicitArguments: Boolean(options.inputSchema), isResource: false });
    const { schema, layout } = this.deriveSchema(host, source);
    const name = options.name ?? host.methodName;
    return {
      name,
      title: options.title,
      description: this.describe(host, options.description, name),
      inputSchema: withHeaderMirrors(options.inputSchema ?? schema, options.headers),
      outputSchema: options.outputSchema,
      annotations: options.annotations ?? this.options.defaultToolAnnotations,
      tags: options.tags ?? [],
      meta: withSecuritySchemes(options.meta, options.scopes),
      scopes: options.scopes,
      guardCheck: this.pipelines.createGuardCheck(host),
      target: targetOf(host),
      alwaysListed: options.alwaysListed,
      taskSupport: options.taskSupport ?? 'forbidden',
      taskStart: options.taskStart ?? 'immediate',
      handler: this.pipelines.create(host, layout),
      source,
    };
  }

  createResource(host: HandlerHost, options: McpResourceOptions): McpResourceDefinition {
    const source = sourceOf(host);
    if (Boolean(options.uri) === Boolean(options.uriTemplate)) {
      throw new McpDefinitionError(source, '@McpResource() needs exactly one of "uri" and "uriTemplate"');
    }
    let template: UriTemplate | undefined;
    if (options.uriTemplate) {
      try {
        template = UriTemplate.parse(options.uriTemplate);
      } catch (error) {
        throw new McpDefinitionError(source, (error as Error).message);
      }
    }
    this.diagnose(host, source, { isController: host.isController, explicitArguments: true, isResource: true });
    const { layout } = this.deriveSchema(host, source);
    const resourceLayout: RouteArgumentLayout = host.isController
      ? { ...layout, pathParams: [...new Set([...layout.pathParams, ...(template?.variables ?? [])])] }
      : layout;
    const name = options.name ?? host.methodName;
    return {
      uri: options.uri,
      template,
      name,
      title: options.title,
      description: this.describe(host, options.description, name),
      mimeType: options.mimeType,
      meta: withSecuritySchemes(options.meta, options.scopes),
      scopes: options.scopes,
      guardCheck: this.pipelines.createGuardCheck(host),
      target: targetOf(host),
      alwaysListed: options.alwaysListed,
      cache: options.cache,
      handler: this.pipelines.create(host, resourceLayout),
      completers: completersOf(options.complete, template?.variables ?? [], `resource template "${name}"`, source),
      source,
    };
  }

  createPrompt(host: HandlerHost, options: McpPromptOptions): McpPromptDefinition {
    const source = sourceOf(host);
    this.diagnose(host, source, { isController: host.isController, explicitArguments: Boolean(options.arguments), isResource: false });
    const { schema, layout } = this.deriveSchema(host, source);
    const name = options.name ?? host.methodName;
    const args = options.arguments ?? promptArgumentsOf(schema);
    return {
      name,
      title: options.title,
      description: this.describe(host, options.description, name),
      arguments: withoutCompleters(args),
      meta: withSecuritySchemes(options.meta, options.scopes),
      scopes: options.scopes,
      guardCheck: this.pipelines.createGuardCheck(host),
      target: targetOf(host),
      alwaysListed: options.alwaysListed,
      handler: this.pipelines.create(host, layout),
      completers: completersOf(
        Object.fromEntries(args.flatMap((argument) => (argument.complete ? [[argument.name, argument.complete]] : []))),
        args.map((argument) => argument.name),
        `prompt "${name}"`,
        source,
      ),
      source,
    };
  }

  /** The explicit description, else the route's Swagger summary, else a readable form of the name: never empty. */
  private describe(host: HandlerHost, explicit: string | undefined, name: string): string {
    return explicit || this.accessor.getRouteSummary(methodOf(host)) || readableName(name);
  }

  /** Fails on mistakes that would break every call, and logs those the app might mean. */
  private diagnose(host: HandlerHost, source: string, traits: HandlerTraits): void {
    const classRef = (host.wrapper.instance as object).constructor;
    const diagnostics = diagnoseHandler(classRef, host.methodName, traits);
    const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 'error').map((diagnostic) => diagnostic.message);
    if (errors.length > 0) {
      throw new McpDefinitionError(source, errors.join('. '));
    }
    for (const warning of diagnostics.filter((diagnostic) => diagnostic.severity === 'warning')) {
      this.logger.warn(`"${source}": ${warning.message}.`);
    }
  }

  private deriveSchema(host: HandlerHost, source: string): { schema: JsonObjectSchema; layout: RouteArgumentLayout } {
    const classRef = (host.wrapper.instance as object).constructor;
    try {
      return host.isController
        ? buildRouteInputSchema(classRef, host.methodName)
        : { schema: buildProviderInputSchema(classRef, host.methodName), layout: PROVIDER_ARGUMENT_LAYOUT };
    } catch (error) {
      throw new McpDefinitionError(source, `Cannot derive the input schema: ${(error as Error).message}`);
    }
  }
}

function sourceOf(host: HandlerHost): string {
  const instance = host.wrapper.instance as object;
  return `${instance.constructor.name}#${host.methodName}`;
}

function targetOf(host: HandlerHost): McpHandlerTarget {
  return { classRef: (host.wrapper.instance as object).constructor, handler: methodOf(host) };
}

function methodOf(host: HandlerHost): (...args: unknown[]) => unknown {
  return (host.wrapper.instance as Record<string, (...args: unknown[]) => unknown>)[host.methodName]!;
}

/** Prompt arguments from a derived schema: one per property, required as the schema says. */
function promptArgumentsOf(schema: JsonObjectSchema): McpPromptArgument[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([name, property]: [string, JsonSchema]) => ({
    name,
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
    required: required.has(name),
  }));
}

/** Publishes a definition's scopes the way clients read them: `_meta.securitySchemes`. */
function withSecuritySchemes(meta: Record<string, unknown> | undefined, scopes: readonly string[] | undefined): Record<string, unknown> | undefined {
  if (!scopes || scopes.length === 0) return meta;
  return { ...meta, securitySchemes: [{ type: 'oauth2', scopes: [...scopes] }] };
}
