import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { InstanceWrapper } from '../compat/nest-core-internals.js';
import type { McpCompleter } from '../completion/completion.types.js';
import type { McpCompletionOptions } from '../decorators/mcp-completion.decorator.js';
import { McpDefinitionError } from '../errors/mcp-definition.error.js';
import type { HandlerHost } from '../execution/route-pipeline.factory.js';
import { McpDefinitionFactory } from './mcp-definition.factory.js';
import { McpMetadataAccessor } from './mcp-metadata.accessor.js';
import { McpRegistry } from './mcp.registry.js';

/**
 * Finds every `@McpTool`, `@McpResource` and `@McpPrompt` method on controllers and providers at bootstrap and
 * registers their definitions in the {@link McpRegistry}. It only collects; building a definition is the
 * {@link McpDefinitionFactory}'s job.
 */
@Injectable()
export class McpExplorer implements OnModuleInit {
  private readonly logger = new Logger('McpExplorer');

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly accessor: McpMetadataAccessor,
    private readonly definitions: McpDefinitionFactory,
    private readonly registry: McpRegistry,
  ) {}

  onModuleInit(): void {
    const hosts = [
      ...this.discovery.getControllers().map((wrapper) => ({ wrapper, isController: true })),
      ...this.discovery.getProviders().map((wrapper) => ({ wrapper, isController: false })),
    ];
    const seen = new Set<object>();
    const completions: { options: McpCompletionOptions; completer: McpCompleter; source: string }[] = [];
    for (const { wrapper, isController } of hosts) {
      if (!isExplorable(wrapper) || seen.has(wrapper.instance)) {
        continue;
      }
      seen.add(wrapper.instance);
      for (const methodName of this.scanner.getAllMethodNames(Object.getPrototypeOf(wrapper.instance))) {
        this.explore({ wrapper, methodName, isController });
        const instance = wrapper.instance as Record<string, (...args: unknown[]) => unknown>;
        for (const options of this.accessor.getCompletionOptions(instance[methodName]!)) {
          const completer = instance[methodName]!.bind(instance) as McpCompleter;
          completions.push({ options, completer, source: `${instance.constructor.name}#${methodName}` });
        }
      }
    }
    for (const completion of completions) this.attachCompleter(completion.options, completion.completer, completion.source);
    const counts = [this.registry.listTools(), this.registry.listResources(), this.registry.listPrompts()].map((l) => l.length);
    this.logger.log(`Discovered ${counts[0]} tools, ${counts[1]} resources, ${counts[2]} prompts`);
  }

  /** Attaches an `@McpCompletion()` method to the prompt or template it names, which must exist. */
  private attachCompleter(options: McpCompletionOptions, completer: McpCompleter, source: string): void {
    const target = options.prompt !== undefined ? this.registry.getPrompt(options.prompt) : this.registry.getResourceTemplate(options.resource);
    const what = options.prompt !== undefined ? `prompt "${options.prompt}"` : `resource template "${options.resource}"`;
    if (!target) {
      throw new McpDefinitionError(source, `@McpCompletion() names the ${what}, which is not declared: check the name`);
    }
    const names = 'template' in target && target.template ? target.template.variables : (target as { arguments?: readonly { name: string }[] }).arguments?.map((a) => a.name) ?? [];
    if (!names.includes(options.argument)) {
      throw new McpDefinitionError(
        source,
        `@McpCompletion() completes "${options.argument}", which is not an argument of the ${what} (${names.join(', ') || 'none'})`,
      );
    }
    target.completers ??= new Map();
    if (target.completers.has(options.argument)) {
      throw new McpDefinitionError(source, `The ${what} already has a completer for "${options.argument}": keep one of them`);
    }
    target.completers.set(options.argument, completer);
  }

  private explore(host: HandlerHost): void {
    const method = (host.wrapper.instance as Record<string, unknown>)[host.methodName] as (...args: unknown[]) => unknown;
    const toolOptions = this.accessor.getToolOptions(method);
    if (toolOptions) {
      this.registry.registerTool(this.definitions.createTool(host, toolOptions));
    }
    const resourceOptions = this.accessor.getResourceOptions(method);
    if (resourceOptions) {
      this.registry.registerResource(this.definitions.createResource(host, resourceOptions));
    }
    const promptOptions = this.accessor.getPromptOptions(method);
    if (promptOptions) {
      this.registry.registerPrompt(this.definitions.createPrompt(host, promptOptions));
    }
  }
}

/** Wrappers worth scanning: with an instance, not an alias, and an object with a real prototype. */
function isExplorable(wrapper: InstanceWrapper): boolean {
  const instance = wrapper.instance as object | undefined;
  return Boolean(instance) && !wrapper.isAlias && typeof instance === 'object' && Object.getPrototypeOf(instance) !== null;
}
