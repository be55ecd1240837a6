import { McpSessionStore } from '../stores/mcp-session.store.js';
import type { McpSession } from '../stores/mcp-session.js';
import type { McpRedisConnection } from './mcp-redis.connection.js';
import { LUA_NOW_MS, RedisScript } from './redis-script.js';

/** KEYS: session, index. ARGV: id, JSON, idle ms. Stores the session and its idle deadline. */
const SAVE = new RedisScript(`${LUA_NOW_MS}
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
redis.call('ZADD', KEYS[2], string.format('%.0f', now_ms() + tonumber(ARGV[3])), ARGV[1])
`);

/** KEYS: session, index. ARGV: id, idle ms. Reads the session and restarts its idle clock. */
const TOUCH = new RedisScript(`${LUA_NOW_MS}
local session = redis.call('GET', KEYS[1])
if not session then
  redis.call('ZREM', KEYS[2], ARGV[1])
  return false
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('ZADD', KEYS[2], string.format('%.0f', now_ms() + tonumber(ARGV[2])), ARGV[1])
return session
`);

/** KEYS: index. Drops ids past their idle deadline and counts the rest. */
const COUNT = new RedisScript(`${LUA_NOW_MS}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('%.0f', now_ms()))
return redis.call('ZCARD', KEYS[1])
`);

/**
 * KEYS: session, index. ARGV: id, JSON, idle ms, most live sessions (-1: no cap).
 * Drops ids past their idle deadline; stores the session only below the cap. Returns 1 when stored, 0 at the cap.
 */
const CREATE = new RedisScript(`${LUA_NOW_MS}
local now = now_ms()
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', string.format('%.0f', now))
local cap = tonumber(ARGV[4])
if cap >= 0 and redis.call('ZCARD', KEYS[2]) >= cap then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
redis.call('ZADD', KEYS[2], string.format('%.0f', now + tonumber(ARGV[3])), ARGV[1])
return 1
`);

/**
 * Sessions in Redis, shared by every instance. Each session is a JSON string whose Redis TTL is the idle timeout,
 * restarted by every `get` and `save`; a sorted set of ids scored by idle deadline (Redis server time) makes `count`
 * exact without scanning keys. `create` checks the cap and stores in one script (one round trip per `initialize`).
 * All keys share the `{sessions}` hash tag, so the scripts run on Redis Cluster.
 */
export class RedisSessionStore extends McpSessionStore {
  constructor(private readonly connection: McpRedisConnection) {
    super();
  }

  save(session: McpSession, idleTimeoutMs: number): Promise<void> {
    const { keys } = this.connection;
    return this.connection.guard(async (client) => {
      await SAVE.run(client, [keys.session(session.id), keys.sessionIndex()], [session.id, JSON.stringify(session), ttl(idleTimeoutMs)]);
    });
  }

  override create(session: McpSession, idleTimeoutMs: number, maxSessions: number): Promise<boolean> {
    const { keys } = this.connection;
    return this.connection.guard(async (client) => {
      const stored = await CREATE.run(
        client,
        [keys.session(session.id), keys.sessionIndex()],
        [session.id, JSON.stringify(session), ttl(idleTimeoutMs), Number.isFinite(maxSessions) ? Math.floor(maxSessions) : -1],
      );
      return Number(stored) === 1;
    });
  }

  get(id: string, idleTimeoutMs: number): Promise<McpSession | undefined> {
    const { keys } = this.connection;
    return this.connection.guard(async (client) => {
      const json = await TOUCH.run(client, [keys.session(id), keys.sessionIndex()], [id, ttl(idleTimeoutMs)]);
      return typeof json === 'string' ? (JSON.parse(json) as McpSession) : undefined;
    });
  }

  delete(id: string): Promise<void> {
    const { keys } = this.connection;
    return this.connection.guard(async (client) => {
      await client.multi().del(keys.session(id)).zrem(keys.sessionIndex(), id).exec();
    });
  }

  count(): Promise<number> {
    return this.connection.guard(async (client) => Number(await COUNT.run(client, [this.connection.keys.sessionIndex()])));
  }
}

/** Redis TTLs are whole milliseconds, at least 1. */
function ttl(ms: number): number {
  return Math.max(1, Math.ceil(ms));
}
