import { Module, type DynamicModule } from '@nestjs/common';
import { MCP_RESOLVED_OPTIONS, type ResolvedMcpOptions } from '../mcp-options.resolver.js';
import { MCP_STORE_OVERRIDES, type McpStoreOverrides } from '../stores/mcp-store-overrides.js';
import type { McpRedisModuleOptions } from './mcp-redis-options.interface.js';
import {
  MCP_REDIS_ASYNC_OPTIONS_TYPE,
  MCP_REDIS_MODULE_OPTIONS,
  MCP_REDIS_OPTIONS_TYPE,
  McpRedisConfigurableModuleClass,
} from './mcp-redis.module-definition.js';
import { McpRedisConnection } from './mcp-redis.connection.js';
import { RedisEventStore } from './redis-event.store.js';
import { RedisInstanceRegistry } from './redis-instance-registry.js';
import { RedisMessageBus } from './redis-message.bus.js';
import { RedisSessionStore } from './redis-session.store.js';
import { RedisTaskStore } from './redis-task.store.js';

/**
 * Keeps every piece of MCP state in Redis and carries cross-instance messages over Redis pub/sub, so any instance of
 * a deployment can serve any request of a session: sessions, resumable SSE events, tasks and the message bus.
 * Import it next to `McpModule.forRoot()`; it replaces the in-memory stores (through `MCP_STORE_OVERRIDES`).
 *
 * Startup fails with a message naming the Redis address when Redis does not answer. While Redis is unreachable
 * later, requests that need it fail with HTTP 503 and the connection is retried in the background.
 *
 * @example
 * ```ts
 * @Module({
 *   imports: [
 *     McpModule.forRoot({ name: 'notes', version: '1.0.0' }),
 *     McpRedisModule.forRoot({ url: process.env.REDIS_URL, keyPrefix: 'notes:' }),
 *   ],
 * })
 * export class AppModule {}
 * ```
 */
@Module({})
export class McpRedisModule extends McpRedisConfigurableModuleClass {
  /** Configures the module with static options (a URL, ioredis options, or a client to share). */
  static override forRoot(options: typeof MCP_REDIS_OPTIONS_TYPE = {}): DynamicModule {
    return McpRedisModule.assemble(super.forRoot(options));
  }

  /** Configures the module with options from a factory (for example from `ConfigService`). */
  static override forRootAsync(options: typeof MCP_REDIS_ASYNC_OPTIONS_TYPE): DynamicModule {
    return McpRedisModule.assemble(super.forRootAsync(options));
  }

  private static assemble(base: DynamicModule): DynamicModule {
    return {
      ...base,
      global: true,
      providers: [
        ...(base.providers ?? []),
        {
          provide: McpRedisConnection,
          useFactory: openConnection,
          inject: [MCP_REDIS_MODULE_OPTIONS, { token: MCP_RESOLVED_OPTIONS, optional: true }],
        },
        {
          provide: MCP_STORE_OVERRIDES,
          useFactory: createRedisStores,
          inject: [McpRedisConnection, MCP_REDIS_MODULE_OPTIONS, { token: MCP_RESOLVED_OPTIONS, optional: true }],
        },
      ],
      exports: [McpRedisConnection, MCP_STORE_OVERRIDES],
    };
  }
}

/** Checks that McpModule is there before connecting, so a misconfigured app leaves no connection open. */
function openConnection(options: McpRedisModuleOptions, mcpOptions: ResolvedMcpOptions | undefined): Promise<McpRedisConnection> {
  requireMcpModule(mcpOptions);
  return McpRedisConnection.open(options);
}

function createRedisStores(
  connection: McpRedisConnection,
  redisOptions: McpRedisModuleOptions,
  options: ResolvedMcpOptions | undefined,
): McpStoreOverrides {
  requireMcpModule(options);
  return {
    sessions: new RedisSessionStore(connection),
    events: new RedisEventStore(connection, options.streams),
    bus: new RedisMessageBus(connection),
    tasks: new RedisTaskStore(connection),
    instances: new RedisInstanceRegistry(connection, { ...resolveLiveness(redisOptions), producerTtlMs: options.streams.eventTtlMs }),
  };
}

/** The liveness timings with their defaults; refuses a lease that would lapse between two renewals. */
function resolveLiveness(options: McpRedisModuleOptions): { heartbeatMs: number; leaseMs: number } {
  const heartbeatMs = options.liveness?.heartbeatMs ?? 1_000;
  const leaseMs = options.liveness?.leaseMs ?? 5_000;
  if (!(heartbeatMs > 0) || !(leaseMs > heartbeatMs)) {
    throw new Error(
      `McpRedisModule "liveness" needs 0 < heartbeatMs < leaseMs (got heartbeatMs ${heartbeatMs}, leaseMs ${leaseMs}). Make the lease a few heartbeats long.`,
    );
  }
  return { heartbeatMs, leaseMs };
}

function requireMcpModule(options: ResolvedMcpOptions | undefined): asserts options is ResolvedMcpOptions {
  if (!options) {
    throw new Error(
      'McpRedisModule found no McpModule options. Import McpModule.forRoot() in the same application, registered globally (isGlobal: true, the default).',
    );
  }
}
