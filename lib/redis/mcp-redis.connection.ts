import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Cluster, Redis, type RedisOptions } from 'ioredis';
import { McpRedisConnectionError } from './mcp-redis-connection.error.js';
import type { McpRedisModuleOptions } from './mcp-redis-options.interface.js';
import { McpRedisKeys } from './mcp-redis-keys.js';
import { McpRedisUnavailableError } from './mcp-redis-unavailable.error.js';

const DEFAULT_URL = 'redis://127.0.0.1:6379';

/** How long shutdown waits for store operations under way. */
const DRAIN_TIMEOUT_MS = 2_000;

/**
 * Defaults for the clients the module opens: while Redis is down, commands fail at once instead of queueing, and a
 * command that gets no answer within a second (a hung or overloaded server) fails instead of holding its request.
 */
const CLIENT_DEFAULTS: RedisOptions = { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 1_000 };

/** A standalone client or a Redis Cluster client: the stores work with either. */
export type McpRedisClient = Redis | Cluster;

/**
 * The Redis clients behind the stores: the command client (given or opened) and, on first use, a second connection
 * for pub/sub subscriptions. It closes only the clients it opened, on application shutdown. It logs when the
 * connection drops and comes back; meanwhile store operations fail with {@link McpRedisUnavailableError} and
 * ioredis reconnects in the background.
 */
export class McpRedisConnection implements OnApplicationShutdown {
  private readonly logger = new Logger('McpRedis');
  private readonly stopWatching: Array<() => void> = [];
  private subscriberClient?: Promise<McpRedisClient>;
  private closed = false;
  /** Store operations under way, which shutdown lets finish. */
  private pending = 0;

  private constructor(
    /** The client that runs commands and publishes (a `Cluster` client when one was given). */
    readonly client: McpRedisClient,
    /** Names of every key and channel, under the configured prefix. */
    readonly keys: McpRedisKeys,
    /** The Redis address, password hidden, for messages. */
    readonly target: string,
    private readonly connectTimeoutMs: number,
    /** Whether this connection opened `client` (and so closes it). */
    private readonly ownsClient: boolean,
  ) {}

  /**
   * Connects (or checks the given client) and resolves once Redis answers. Rejects with
   * {@link McpRedisConnectionError}, naming the address, when it does not within `connectTimeoutMs`.
   */
  static async open(options: McpRedisModuleOptions = {}): Promise<McpRedisConnection> {
    const client = options.client ?? createClient(options);
    const connection = new McpRedisConnection(
      client,
      new McpRedisKeys(options.keyPrefix ?? 'mcp:'),
      describeTarget(options, client),
      options.connectTimeoutMs ?? 5_000,
      !options.client,
    );
    await connection.prepare(client, connection.ownsClient);
    return connection;
  }

  /** The connection that holds pub/sub subscriptions, opened on first use with the command client's settings. */
  subscriber(): Promise<McpRedisClient> {
    this.subscriberClient ??= (async () => {
      const client = this.client;
      const subscriber =
        client instanceof Cluster
          ? client.duplicate([], { lazyConnect: true })
          : withStartupRetryOff(client.options.retryStrategy, (retryStrategy) => client.duplicate({ lazyConnect: true, retryStrategy }));
      await this.prepare(subscriber, true);
      return subscriber;
    })();
    return this.subscriberClient;
  }

  /**
   * Runs store operations, turning a lost connection, a command timeout or a passing refusal (out of memory, loading,
   * failover) into {@link McpRedisUnavailableError} (HTTP 503 with `Retry-After` for the client). Other errors (any
   * other error reply, a bug) pass through unchanged and become a JSON-RPC internal error.
   */
  guard<T>(operation: (client: McpRedisClient) => Promise<T>): Promise<T> {
    this.pending += 1;
    let running: Promise<T>;
    try {
      running = operation(this.client);
    } catch (error) {
      running = Promise.reject(error);
    }
    // `then` with both callbacks rather than an async function with `finally`: the same outcome, fewer microtask turns
    // on the path every stateful call takes (its session read).
    return running.then(
      (value) => {
        this.pending -= 1;
        return value;
      },
      (error: unknown) => {
        this.pending -= 1;
        throw translateFailure(error);
      },
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }

  /**
   * Lets store operations under way finish (work that ends as the app shuts down, such as the last event of a
   * stream, for at most `DRAIN_TIMEOUT_MS`), stops watching the clients and closes those this connection opened.
   * Idempotent.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const deadline = Date.now() + DRAIN_TIMEOUT_MS;
    while (this.pending > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    for (const stop of this.stopWatching.splice(0)) stop();
    (await this.subscriberClient?.catch(() => undefined))?.disconnect();
    if (!this.ownsClient) return;
    if (this.client.status === 'ready') await this.client.quit().catch(() => this.client.disconnect());
    else this.client.disconnect();
  }

  /** Waits until the client answers, then watches it for outages. */
  private async prepare(client: McpRedisClient, owned: boolean): Promise<void> {
    let lastError: Error | undefined;
    const record = (error: Error) => (lastError = error);
    client.on('error', record);
    try {
      if (client.status === 'end') throw new Error('the client was closed (status "end")');
      await withTimeout(untilReady(client), this.connectTimeoutMs);
      await withTimeout(client.ping(), this.connectTimeoutMs);
    } catch (error) {
      if (owned && client.status !== 'end') client.disconnect();
      // ioredis reports the socket error (ECONNREFUSED, ENOTFOUND) after it rejects with "Connection is closed".
      await new Promise((resolve) => setImmediate(resolve));
      throw new McpRedisConnectionError(this.target, lastError ?? error);
    } finally {
      // A client that failed keeps the listener, so late errors of its closing socket are not reported as unhandled.
      if (!owned || client.status === 'ready') client.off('error', record);
    }
    this.watch(client);
  }

  /** Logs an outage once when it starts and once when the client is back. */
  private watch(client: McpRedisClient): void {
    let down = false;
    const role = client === this.client ? 'command' : 'pub/sub';
    const onLost = (error?: Error) => {
      if (down || this.closed) return;
      down = true;
      this.logger.error(
        `Lost the ${role} connection to Redis at "${this.target}"${error ? ` (${error.message})` : ''}. ` +
          'Requests that need Redis fail with HTTP 503 until it is back; reconnecting.',
      );
    };
    const onError = (error: Error) => onLost(error);
    const onClose = () => onLost();
    const onReady = () => {
      if (!down) return;
      down = false;
      this.logger.log(`Reconnected the ${role} connection to Redis at "${this.target}".`);
    };
    client.on('error', onError).on('close', onClose).on('ready', onReady);
    this.stopWatching.push(() => client.off('error', onError).off('close', onClose).off('ready', onReady));
  }
}

/** Socket error codes of an unreachable or dropped server. */
const CONNECTION_ERROR_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/** Whether an error means Redis could not be reached (as opposed to Redis answering with an error). */
function isConnectionError(error: unknown): boolean {
  const { name, message, code } = (error ?? {}) as { name?: unknown; message?: unknown; code?: unknown };
  return (
    name === 'MaxRetriesPerRequestError' ||
    name === 'ClusterAllFailedError' ||
    name === 'AbortError' ||
    (typeof code === 'string' && CONNECTION_ERROR_CODES.has(code)) ||
    (typeof message === 'string' && /Connection is closed|Stream isn't writeable|Command timed out|Cluster isn't ready/.test(message))
  );
}

/** Error replies that say "not now" rather than "never": retrying later can succeed. */
const PASSING_REFUSAL = /^(OOM|LOADING|BUSY|READONLY|MASTERDOWN|NOREPLICAS|MISCONF|CLUSTERDOWN|TRYAGAIN)\b/;

/**
 * Whether an error is a Redis error reply that a later retry may overcome (out of memory, loading, failover), on its
 * own or as the reason a transaction was discarded (`EXECABORT`, whose `previousErrors` hold the replies).
 */
function isPassingRefusal(error: unknown): boolean {
  const { name, message, previousErrors } = (error ?? {}) as { name?: unknown; message?: unknown; previousErrors?: unknown };
  if (name !== 'ReplyError' || typeof message !== 'string') return false;
  if (PASSING_REFUSAL.test(message)) return true;
  return Array.isArray(previousErrors) && previousErrors.some((previous: unknown) => PASSING_REFUSAL.test(String((previous as Error)?.message)));
}

/** Resolves when the client is ready; connects a lazy one. */
function untilReady(client: McpRedisClient): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  if (client.status === 'wait') return client.connect();
  return new Promise((resolve, reject) => {
    const onReady = () => {
      client.off('end', onEnd);
      resolve();
    };
    const onEnd = () => {
      client.off('ready', onReady);
      reject(new Error('the connection closed'));
    };
    client.once('ready', onReady).once('end', onEnd);
  });
}

type RetryStrategy = NonNullable<RedisOptions['retryStrategy']>;

/**
 * Opens a client that does not reconnect before it was first ready (so a failed startup leaves no timer behind),
 * then follows `retryStrategy` (by default ioredis's: 50 ms more per attempt, at most 2 s).
 */
function withStartupRetryOff(retryStrategy: RedisOptions['retryStrategy'], open: (retryStrategy: RetryStrategy) => Redis): Redis {
  const retry = retryStrategy ?? ((attempt: number) => Math.min(attempt * 50, 2_000));
  let wasReady = false;
  const client = open((attempt) => (wasReady ? retry(attempt) : null));
  client.once('ready', () => (wasReady = true));
  return client;
}

function createClient(options: McpRedisModuleOptions): Redis {
  const settings: RedisOptions = { ...CLIENT_DEFAULTS, ...options.options, lazyConnect: true };
  return withStartupRetryOff(settings.retryStrategy, (retryStrategy) =>
    options.url !== undefined || options.options === undefined
      ? new Redis(options.url ?? DEFAULT_URL, { ...settings, retryStrategy })
      : new Redis({ ...settings, retryStrategy }),
  );
}

/** The address for messages: the URL without its password, or host:port/db of the client's options. */
function describeTarget(options: McpRedisModuleOptions, client: McpRedisClient): string {
  if (options.url !== undefined && !options.client) {
    try {
      const url = new URL(options.url);
      if (url.password) url.password = '***';
      return url.toString();
    } catch {
      return options.url.replace(/\/\/[^@/]*@/, '//***@');
    }
  }
  if (client instanceof Cluster) {
    const nodes = client.nodes().map((node) => `${node.options.host ?? '127.0.0.1'}:${node.options.port ?? 6379}`);
    return nodes.length > 0 ? `redis-cluster://${nodes.join(',')}` : 'a Redis Cluster';
  }
  const { host, port, db, path } = client.options;
  if (path) return `unix:${path}`;
  return `redis://${host ?? '127.0.0.1'}:${port ?? 6379}${db ? `/${db}` : ''}`;
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A connection loss, a command timeout or a passing refusal as {@link McpRedisUnavailableError}; others unchanged. */
function translateFailure(error: unknown): unknown {
  if (isConnectionError(error)) return new McpRedisUnavailableError(error, 'unreachable');
  if (isPassingRefusal(error)) return new McpRedisUnavailableError(error, 'refused');
  return error;
}
