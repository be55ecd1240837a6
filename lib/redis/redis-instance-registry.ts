import { McpInstanceRegistry, type McpStreamProducer } from '../stores/mcp-instance-registry.js';
import type { McpRedisConnection } from './mcp-redis.connection.js';
import { RedisScript } from './redis-script.js';

/** KEYS: a stream's producer hash. Marks it orphaned; returns 1 to the first caller, 0 after (or when it expired). */
const CLAIM_ORPHAN = new RedisScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
return redis.call('HSETNX', KEYS[1], 'orphaned', '1')
`);

/** The timings of instance liveness (the `liveness` option of `McpRedisModule`, resolved). */
export interface RedisInstanceLiveness {
  /** How often an instance renews its lease, in milliseconds. */
  readonly heartbeatMs: number;
  /** How long a lease lasts without renewal, in milliseconds. */
  readonly leaseMs: number;
  /** How long a stream's producer is kept after it was last recorded (the module passes `streams.eventTtlMs`). */
  readonly producerTtlMs: number;
}

/**
 * Instance liveness and stream producers in Redis. Each instance's lease is a key set with `PX leaseMs` at every
 * beat, so it vanishes `leaseMs` after the instance's last beat (Redis server time), whatever the instance's clock.
 * A stream's producer is a hash in the stream's hash slot; `claimOrphan` is one script, so one caller wins.
 */
export class RedisInstanceRegistry extends McpInstanceRegistry {
  readonly heartbeatMs: number;

  constructor(
    private readonly connection: McpRedisConnection,
    private readonly liveness: RedisInstanceLiveness,
  ) {
    super();
    this.heartbeatMs = liveness.heartbeatMs;
  }

  beat(instanceId: string): Promise<void> {
    return this.connection.guard(async (client) => {
      await client.set(this.connection.keys.instance(instanceId), '1', 'PX', this.liveness.leaseMs);
    });
  }

  isAlive(instanceId: string): Promise<boolean> {
    return this.connection.guard(async (client) => (await client.exists(this.connection.keys.instance(instanceId))) === 1);
  }

  recordStream(streamId: string, producer: McpStreamProducer): Promise<void> {
    const key = this.connection.keys.streamProducer(streamId);
    return this.connection.guard(async (client) => {
      const replies = await client
        .multi()
        .hset(key, 'instance', producer.instanceId, 'request', JSON.stringify(producer.requestId))
        .pexpire(key, Math.max(1, Math.ceil(this.liveness.producerTtlMs)))
        .exec();
      const failure = replies?.find(([error]) => error)?.[0];
      if (failure) throw failure;
    });
  }

  producerOf(streamId: string): Promise<McpStreamProducer | undefined> {
    return this.connection.guard(async (client) => {
      const [instanceId, request] = await client.hmget(this.connection.keys.streamProducer(streamId), 'instance', 'request');
      if (!instanceId || !request) return undefined;
      const requestId = JSON.parse(request) as unknown;
      return typeof requestId === 'string' || typeof requestId === 'number' ? { instanceId, requestId } : undefined;
    });
  }

  claimOrphan(streamId: string): Promise<boolean> {
    return this.connection.guard(
      async (client) => Number(await CLAIM_ORPHAN.run(client, [this.connection.keys.streamProducer(streamId)])) === 1,
    );
  }
}
