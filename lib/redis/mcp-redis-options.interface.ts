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
  /**
   * How instances tell each other they are alive. Each instance renews a lease in Redis every `heartbeatMs`; an
   * instance whose lease lapsed (`leaseMs` without renewal: it was killed, hung, or lost Redis that long) counts as
   * dead. A survivor then ends a call stream the dead instance was producing with a JSON-RPC error for its request,
   * and marks its running tasks `failed`. `leaseMs` must be longer than `heartbeatMs`; keep it longer than the Redis
   * stalls you expect (a failover, a slow restart), or live instances are taken for dead during them.
   * @default { heartbeatMs: 1_000, leaseMs: 5_000 }
   * @example
   * ```ts
   * McpRedisModule.forRoot({ url: process.env.REDIS_URL, liveness: { heartbeatMs: 2_000, leaseMs: 10_000 } })
   * ```
   */
  liveness?: McpRedisLivenessOptions;
}

/** Timings of instance liveness (see {@link McpRedisModuleOptions.liveness}). */
export interface McpRedisLivenessOptions {
  /**
   * How often each instance renews its lease, and how often a survivor checks the producer of a resumed stream, in
   * milliseconds.
   * @default 1_000
   */
  heartbeatMs?: number;
  /**
   * How long an instance's lease lasts without renewal, in milliseconds: an instance is taken for dead this long
   * after its last renewal.
   * @default 5_000
   */
  leaseMs?: number;
}
