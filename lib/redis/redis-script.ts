import { createHash } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';

/** Returns Redis server time in epoch milliseconds; prepended to scripts that need the clock. */
export const LUA_NOW_MS = `local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
`;

/**
 * A Lua script run with `EVALSHA`, falling back to `EVAL` (which caches it) when the server does not know it yet.
 * It does not define commands on the client, so a client shared with the application is left as it was.
 */
export class RedisScript {
  private readonly sha: string;

  constructor(private readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  run(client: Redis | Cluster, keys: readonly string[], args: readonly (string | number)[] = []): Promise<unknown> {
    return client.evalsha(this.sha, keys.length, ...keys, ...args).catch((error: unknown) => {
      if (!String((error as { message?: unknown } | null)?.message).startsWith('NOSCRIPT')) throw error;
      return client.eval(this.source, keys.length, ...keys, ...args);
    });
  }
}
