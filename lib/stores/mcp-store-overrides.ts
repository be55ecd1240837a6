import type { McpEventStore } from './mcp-event.store.js';
import type { McpInstanceRegistry } from './mcp-instance-registry.js';
import type { McpMessageBus } from './mcp-message.bus.js';
import type { McpSessionStore } from './mcp-session.store.js';
import type { McpTaskStore } from './mcp-task.store.js';

/**
 * The injection token of {@link McpStoreOverrides}. `McpModule` injects it optionally: when a global module (such as
 * `McpRedisModule` from `nestjs-mcp/redis`) provides it, its stores replace the in-memory defaults.
 */
export const MCP_STORE_OVERRIDES = Symbol('MCP_STORE_OVERRIDES');

/**
 * Store implementations that replace `McpModule`'s in-memory defaults; a store left out keeps its default.
 * Provide it under {@link MCP_STORE_OVERRIDES} from a global module, which owns the stores' connections and closes
 * them. Keep lifecycle hooks off the store objects themselves: `McpModule` provides them under its own tokens, and
 * Nest calls the hooks of every object a module provides, so they would run twice.
 *
 * @example
 * ```ts
 * @Global()
 * @Module({
 *   providers: [{ provide: MCP_STORE_OVERRIDES, useFactory: (db: Db) => ({ sessions: new DbSessionStore(db) }), inject: [Db] }],
 *   exports: [MCP_STORE_OVERRIDES],
 * })
 * export class MyStoresModule {}
 * ```
 */
export interface McpStoreOverrides {
  readonly sessions?: McpSessionStore;
  readonly events?: McpEventStore;
  readonly bus?: McpMessageBus;
  readonly tasks?: McpTaskStore;
  /** Instance liveness and stream producers; needed only when several instances share the other stores. */
  readonly instances?: McpInstanceRegistry;
}
