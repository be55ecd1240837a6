import type { Cluster, Redis, RedisOptions } from 'ioredis';

/**
 * Options of {@link McpRedisModule.forRoot} (and the object `forRootAsync`'s factory returns). Give one of `client`,
 * `url` or `options`; with none, the module connects to `redis://127.0.0.1:6379`.
 */
export interface McpRedisModuleOptions {
  /**
   * A connected (or connecting) ioredis client to share. The module never closes it; the one extra connection it
   * opens for pub/sub (`client.duplicate()`) it closes on shutdown. Outside the module's defaults, this client's own
   * settings decide how long commands wait during an outage (see `maxRetriesPerRequest` and `enableOfflineQueue`).
   * A Redis Cluster client (`new Cluster([...])` of ioredis) works too: every script's keys share a hash tag.
   * @default undefined
   * @example
   * ```ts
   * McpRedisModule.forRoot({ client: new Cluster([{ host: 'redis-1', port: 6379 }]), keyPrefix: 'notes:' })
   * ```
   */
  client?: Redis | Cluster;
  /**
   * A Redis URL (`redis://[:password@]host[:port][/db]`, `rediss://` for TLS). The module opens its own clients
   * and closes them on shutdown.
   * @default 'redis://127.0.0.1:6379' when neither `client` nor `options` is given
   */
  url?: string;
  /**
   * ioredis options for the clients the module opens (merged over `url` when both are given). The module's defaults
   * make requests fail fast (HTTP 503 with `Retry-After: 1`) instead of waiting on Redis: `enableOfflineQueue: false`
   * and `maxRetriesPerRequest: 1` (no queueing while disconnected), `commandTimeout: 1000` (a hung server fails a
   * command after one second). Set any of them here to change it.
   * @default undefined
   * @example
   * ```ts
   * McpRedisModule.forRoot({ url: process.env.REDIS_URL, options: { commandTimeout: 2_000 } })
   * ```
   */
  options?: RedisOptions;
  /**
   * Prepended to every key and pub/sub channel, so several deployments (or apps) can share one Redis database.
   * Every instance of one deployment must use the same prefix. It must not contain `{` or `}` (the module adds Redis
   * Cluster hash tags after it).
   * @default 'mcp:'
   */
  keyPrefix?: string;
  /**
   * How long startup waits for Redis to answer before it fails, in milliseconds.
   * @default 5_000
   */
  connectTimeoutMs?: number;
}
