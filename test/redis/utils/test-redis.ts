import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/** The Redis the specs use: 127.0.0.1:6379 unless `MCP_TEST_REDIS_URL` says otherwise. */
export const TEST_REDIS_URL = process.env.MCP_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix no other run (or parallel spec file) uses. */
export function uniquePrefix(label: string): string {
  return `mcp-test:${label}:${process.pid}-${randomBytes(4).toString('hex')}:`;
}

/**
 * Connects to the test Redis, failing within two seconds with a message saying what to do when it is not running
 * (rather than hanging on reconnection attempts).
 */
export async function connectTestRedis(): Promise<Redis> {
  const client = new Redis(TEST_REDIS_URL, {
    lazyConnect: true,
    connectTimeout: 2_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  let lastError: Error | undefined;
  client.on('error', (error: Error) => (lastError = error));
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    client.disconnect();
    await new Promise((resolve) => setImmediate(resolve));
    throw new Error(
      `The Redis specs need a Redis server at ${TEST_REDIS_URL} (${(lastError ?? (error as Error)).message}). ` +
        'Start one (for example "redis-server") or point MCP_TEST_REDIS_URL at one.',
    );
  }
  return client;
}

/** Deletes every key under `prefix`. */
export async function deleteKeys(client: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`, 'COUNT', 1000);
    if (keys.length > 0) await client.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
}
