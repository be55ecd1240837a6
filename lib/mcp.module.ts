import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { McpDefinitionFactory } from './discovery/mcp-definition.factory.js';
import { McpExplorer } from './discovery/mcp.explorer.js';
import { McpMetadataAccessor } from './discovery/mcp-metadata.accessor.js';
import { McpRegistry } from './discovery/mcp.registry.js';
import { RoutePipelineFactory } from './execution/route-pipeline.factory.js';
import { CompletionHandler } from './handlers/completion.handler.js';
import { DiscoverHandler } from './handlers/discover.handler.js';
import { TasksHandler } from './handlers/tasks.handler.js';
import { MemoryTaskStore } from './stores/memory/memory-task.store.js';
import { McpTaskStore } from './stores/mcp-task.store.js';
import { McpInstanceRegistry } from './stores/mcp-instance-registry.js';
import { MemoryInstanceRegistry } from './stores/memory/memory-instance-registry.js';
import { InstanceHeartbeat } from './lifecycle/instance-heartbeat.js';
import { InstanceLiveness } from './lifecycle/instance-liveness.js';
import { OrphanedStreamWatcher } from './transport/streaming/orphaned-stream.watcher.js';
import { OrphanedTaskReaper } from './tasks/orphaned-task.reaper.js';
import { TaskRunner } from './tasks/task-runner.js';
import { TaskToolInvoker } from './tasks/task-tool.invoker.js';
import { ListenStreams } from './transport/stateless/listen-streams.js';
import { StatelessHttpHandler } from './transport/stateless/stateless-http.handler.js';
import { LifecycleHandler } from './handlers/lifecycle.handler.js';
import { PromptsHandler } from './handlers/prompts.handler.js';
import { ResourcesHandler } from './handlers/resources.handler.js';
import { ServerIdentity } from './handlers/server-identity.js';
import { SkillsHandler } from './handlers/skills.handler.js';
import { ToolsHandler } from './handlers/tools.handler.js';
import { McpOpenApiPublisher } from './openapi/openapi.publisher.js';
import { McpSkillRegistry } from './skills/mcp-skill.registry.js';
import { McpDispatcher } from './json-rpc/mcp.dispatcher.js';
import { MCP_METHOD_FAMILIES } from './json-rpc/mcp-method-families.js';
import type { McpModuleExtras, McpModuleOptions } from './mcp-options.interface.js';
import { MCP_RESOLVED_OPTIONS, resolveMcpOptions, type ResolvedMcpOptions } from './mcp-options.resolver.js';
import {
  MCP_ASYNC_OPTIONS_TYPE,
  MCP_MODULE_OPTIONS,
  MCP_OPTIONS_TYPE,
  McpConfigurableModuleClass,
} from './mcp.module-definition.js';
import { MemorySessionStore } from './stores/memory/memory-session.store.js';
import { McpSessionStore } from './stores/mcp-session.store.js';
import { InFlightRequests } from './transport/in-flight-requests.js';
import { McpPlatformHost } from './platforms/mcp-platform.host.js';
import { EndpointAuth } from './endpoint/endpoint-auth.js';
import { EndpointGuards } from './endpoint/endpoint-guards.js';
import { createEndpointRoute, MCP_ENDPOINT_GUARDS, MCP_ENDPOINT_ROUTE } from './endpoint/endpoint-route.js';
import { McpEndpoint } from './endpoint/mcp-endpoint.js';
import { McpSessionManager } from './sessions/mcp-session.manager.js';
import { BroadcastNotifier } from './transport/streaming/broadcast-notifier.js';
import { ClientRequests } from './transport/streaming/client-requests.js';
import { StreamHub } from './transport/streaming/stream-hub.js';
import { ShutdownDrain } from './lifecycle/shutdown-drain.js';
import { StreamSessionOutbox } from './transport/streaming/stream-session.outbox.js';
import { TaskSessionOutbox } from './tasks/task-session.outbox.js';
import { MemoryEventStore } from './stores/memory/memory-event.store.js';
import { MemoryMessageBus } from './stores/memory/memory-message.bus.js';
import { checkedEventStore } from './stores/event-store.check.js';
import { McpEventStore } from './stores/mcp-event.store.js';
import { McpMessageBus } from './stores/mcp-message.bus.js';
import { MCP_STORE_OVERRIDES, type McpStoreOverrides } from './stores/mcp-store-overrides.js';
import { StatefulPostHandler } from './transport/stateful-post.handler.js';
import { StatefulSessionReader } from './transport/stateful-session.reader.js';
import { StatefulStreamHandler } from './transport/stateful-stream.handler.js';

const PROVIDERS: Provider[] = [
  McpRegistry,
  McpMetadataAccessor,
  McpDefinitionFactory,
  McpExplorer,
  RoutePipelineFactory,
  ServerIdentity,
  LifecycleHandler,
  ToolsHandler,
  ResourcesHandler,
  PromptsHandler,
  CompletionHandler,
  DiscoverHandler,
  TasksHandler,
  SkillsHandler,
  McpSkillRegistry,
  McpOpenApiPublisher,
  TaskRunner,
  TaskToolInvoker,
  StatelessHttpHandler,
  ListenStreams,
  McpDispatcher,
  {
    provide: MCP_METHOD_FAMILIES,
    useFactory: (...families: unknown[]) => families,
    inject: [LifecycleHandler, ToolsHandler, ResourcesHandler, PromptsHandler, CompletionHandler, DiscoverHandler, TasksHandler, SkillsHandler],
  },
  McpSessionManager,
  InFlightRequests,
  ShutdownDrain,
  StreamHub,
  { provide: TaskSessionOutbox, useClass: StreamSessionOutbox },
  ClientRequests,
  BroadcastNotifier,
  StatefulSessionReader,
  StatefulPostHandler,
  StatefulStreamHandler,
  McpEndpoint,
  EndpointAuth,
  EndpointGuards,
  McpPlatformHost,
  storeProvider(McpSessionStore, (stores) => stores?.sessions ?? new MemorySessionStore()),
  storeProvider(McpEventStore, (stores, options) => checkedEventStore(stores?.events ?? new MemoryEventStore(options))),
  storeProvider(McpMessageBus, (stores) => stores?.bus ?? new MemoryMessageBus()),
  storeProvider(McpTaskStore, (stores) => stores?.tasks ?? new MemoryTaskStore()),
  storeProvider(McpInstanceRegistry, (stores) => stores?.instances ?? new MemoryInstanceRegistry()),
  InstanceHeartbeat,
  InstanceLiveness,
  OrphanedStreamWatcher,
  OrphanedTaskReaper,
];

/** A store: the one from {@link MCP_STORE_OVERRIDES} when a module (such as McpRedisModule) provides it, else the in-memory default. */
function storeProvider(
  token: abstract new (...args: never[]) => unknown,
  pick: (stores: McpStoreOverrides | undefined, options: ResolvedMcpOptions) => unknown,
): Provider {
  return { provide: token, useFactory: pick, inject: [{ token: MCP_STORE_OVERRIDES, optional: true }, MCP_RESOLVED_OPTIONS] };
}

/**
 * Turns the application into an MCP server. Import it once, in the root module:
 *
 * @example
 * ```ts
 * @Module({
 *   imports: [McpModule.forRoot({ name: 'notes', version: '1.0.0' })],
 *   controllers: [NotesController],
 * })
 * export class AppModule {}
 * ```
 *
 * Then decorate routes and provider methods with `@McpTool()`, `@McpResource()` and `@McpPrompt()`; the app
 * speaks MCP at `/mcp` (the `path` option).
 */
@Module({})
export class McpModule extends McpConfigurableModuleClass {
  /** Configures the module with static options. */
  static override forRoot(options: typeof MCP_OPTIONS_TYPE = {}): DynamicModule {
    return McpModule.assemble(super.forRoot(options), options);
  }

  /**
   * Configures the module with options from a factory (for example from `ConfigService`). `path`, `isGlobal` and
   * `guards` are given here, beside the factory, because they shape the route and the module before the factory runs.
   */
  static override forRootAsync(options: typeof MCP_ASYNC_OPTIONS_TYPE): DynamicModule {
    return McpModule.assemble(super.forRootAsync(options), options);
  }

  private static assemble(base: DynamicModule, extras: McpModuleExtras): DynamicModule {
    const path = extras.path ?? 'mcp';
    const endpointRoute = createEndpointRoute(extras.guards);
    return {
      ...base,
      imports: [...(base.imports ?? []), DiscoveryModule],
      providers: [
        ...(base.providers ?? []),
        ...PROVIDERS,
        { provide: MCP_ENDPOINT_ROUTE, useClass: endpointRoute },
        { provide: MCP_ENDPOINT_GUARDS, useValue: extras.guards ?? [] },
        {
          provide: MCP_RESOLVED_OPTIONS,
          useFactory: (options: McpModuleOptions) => resolveMcpOptions(options, path),
          inject: [MCP_MODULE_OPTIONS],
        },
      ],
      exports: [McpRegistry, McpSkillRegistry, McpSessionStore, McpEventStore, McpMessageBus, McpTaskStore, MCP_RESOLVED_OPTIONS],
    };
  }
}
