import { InstanceProcess } from './instance-process.js';
import { PrivateRedis } from './private-redis.js';

/** A private Redis and two instances of the scaled fixture app ("a" and "b") sharing it under one key prefix. */
export interface InstancePair {
  redis: PrivateRedis;
  a: InstanceProcess;
  b: InstanceProcess;
}

/**
 * Starts a private Redis and instances "a" and "b" on it with `MCP_KEY_PREFIX` = `keyPrefix`. If an instance fails
 * to start, whatever did start is stopped before the error is thrown.
 */
export async function startInstancePair(keyPrefix: string): Promise<InstancePair> {
  const redis = await PrivateRedis.start();
  const env = { REDIS_URL: redis.url, MCP_KEY_PREFIX: keyPrefix };
  const [a, b] = await Promise.allSettled([InstanceProcess.start('a', env), InstanceProcess.start('b', env)]);
  if (a.status === 'fulfilled' && b.status === 'fulfilled') return { redis, a: a.value, b: b.value };
  await Promise.all([a, b].map((started) => (started.status === 'fulfilled' ? started.value.kill() : undefined)));
  await redis.stop();
  throw a.status === 'rejected' ? a.reason : (b as PromiseRejectedResult).reason;
}

/** Kills both instances, then stops the Redis; tolerates a pair that never started (for `afterAll`). */
export async function stopInstancePair(pair: Partial<InstancePair> | undefined): Promise<void> {
  await Promise.all([pair?.a?.kill(), pair?.b?.kill()]);
  await pair?.redis?.stop();
}
