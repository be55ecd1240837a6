import type { Cluster, Redis } from 'ioredis';
import { McpRedisConnection } from 'nestjs-mcp/redis';

/** A store contract factory (`create`, `dispose`) for `describe…Contract` of `nestjs-mcp/testing`. */
export interface ConnectionStoreFactory<T, O> {
  create(options: O): Promise<T>;
  dispose(store: T): Promise<void> | undefined;
}

/**
 * Returns a maker of contract factories on one shared client: each store gets a connection of its own on
 * `clientOf()` (read when the store is created, so a client connected in `beforeAll` works), under the prefix
 * `prefixOf(options)` (by default `nextPrefix()`), and disposing the store closes that connection, never the client.
 */
export function connectionStoreFactories(clientOf: () => Redis | Cluster, nextPrefix: () => string) {
  const connections = new WeakMap<object, McpRedisConnection>();
  return <T extends object, O = void>(
    build: (connection: McpRedisConnection, options: O) => T,
    prefixOf: (options: O) => string = nextPrefix,
  ): ConnectionStoreFactory<T, O> => ({
    async create(options: O) {
      const connection = await McpRedisConnection.open({ client: clientOf(), keyPrefix: prefixOf(options) });
      const store = build(connection, options);
      connections.set(store, connection);
      return store;
    },
    dispose: (store: T) => connections.get(store)?.close(),
  });
}
