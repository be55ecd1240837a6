import { McpSessionStore, type McpSessionPatch, type McpSubscribeOutcome } from '../stores/mcp-session.store.js';
import type { McpSession } from '../stores/mcp-session.js';
import type { McpRedisConnection } from './mcp-redis.connection.js';
import { LUA_NOW_MS, RedisScript } from './redis-script.js';
import { decodeSession, encodeSession, encodeSessionPatch, SUBSCRIPTION_FIELD_PREFIX } from './redis-session.codec.js';

/**
 * `touch` restarts a session's idle clock: its key TTL and its deadline in the index. `gone` tells whether the
 * session expired, and drops its id from the index when it did.
 */
const LUA_TOUCH = `${LUA_NOW_MS}
local function touch(key, index, id, idle)
  redis.call('PEXPIRE', key, idle)
  redis.call('ZADD', index, string.format('%.0f', now_ms() + tonumber(idle)), id)
end
local function gone(key, index, id)
  if redis.call('EXISTS', key) == 1 then return false end
  redis.call('ZREM', index, id)
  return true
end
`;

/** KEYS: session, index. ARGV: id, idle ms, then field/value pairs. Replaces the session and sets its deadline. */
const SAVE = new RedisScript(`${LUA_TOUCH}
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], unpack(ARGV, 3))
touch(KEYS[1], KEYS[2], ARGV[1], ARGV[2])
`);

/** KEYS: session, index. ARGV: id, idle ms. Reads every field of the session and restarts its idle clock. */
const TOUCH = new RedisScript(`${LUA_TOUCH}
local fields = redis.call('HGETALL', KEYS[1])
if #fields == 0 then
  redis.call('ZREM', KEYS[2], ARGV[1])
  return false
end
touch(KEYS[1], KEYS[2], ARGV[1], ARGV[2])
return fields
`);

/** KEYS: index. Drops ids past their idle deadline and counts the rest. */
const COUNT = new RedisScript(`${LUA_NOW_MS}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('%.0f', now_ms()))
return redis.call('ZCARD', KEYS[1])
`);

/**
 * KEYS: session, index. ARGV: id, idle ms, most live sessions (-1: no cap), then field/value pairs.
 * Drops ids past their idle deadline; stores the session only below the cap. Returns 1 when stored, 0 at the cap.
 */
const CREATE = new RedisScript(`${LUA_TOUCH}
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', string.format('%.0f', now_ms()))
local cap = tonumber(ARGV[3])
if cap >= 0 and redis.call('ZCARD', KEYS[2]) >= cap then return 0 end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], unpack(ARGV, 4))
touch(KEYS[1], KEYS[2], ARGV[1], ARGV[2])
return 1
`);

/** KEYS: session, index. ARGV: id, idle ms, then field/value pairs (an empty value deletes the field). 0 when gone. */
const PATCH = new RedisScript(`${LUA_TOUCH}
if gone(KEYS[1], KEYS[2], ARGV[1]) then return 0 end
for i = 3, #ARGV, 2 do
  if ARGV[i + 1] == '' then redis.call('HDEL', KEYS[1], ARGV[i]) else redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
end
touch(KEYS[1], KEYS[2], ARGV[1], ARGV[2])
return 1
`);

/**
 * KEYS: session, index. ARGV: id, idle ms, subscription field, most subscriptions, subscription field prefix.
 * Returns 0 when the session is gone, 2 when it is full, 1 when the URI is (now) subscribed.
 */
const SUBSCRIBE = new RedisScript(`${LUA_TOUCH}
if gone(KEYS[1], KEYS[2], ARGV[1]) then return 0 end
touch(KEYS[1], KEYS[2], ARGV[1], ARGV[2])
if redis.call('HEXISTS', KEYS[1], ARGV[3]) == 1 then return 1 end
local count = 0
for _, field in ipairs(redis.call('HKEYS', KEYS[1])) do
  if string.sub(field, 1, #ARGV[5]) == ARGV[5] then count = count + 1 end
end
if count >= tonumber(ARGV[4]) then return 2 end
redis.call('HSET', KEYS[1], ARGV[3], '1')
return 1
`);

/** KEYS: session, index. ARGV: id, idle ms, subscription field. Returns 0 when the session is gone, else 1. */
const UNSUBSCRIBE = new RedisScript(`${LUA_TOUCH}
if gone(KEYS[1], KEYS[2], ARGV[1]) then return 0 end
redis.call('HDEL', KEYS[1], ARGV[3])
touch(KEYS[1], KEYS[2], ARGV[1], ARGV[2])
return 1
`);

/** KEYS: lease. ARGV: holder, TTL ms, take over ('1' or '0'). Returns 1 when the holder now holds the lease. */
const CLAIM_STREAM = new RedisScript(`
local current = redis.call('GET', KEYS[1])
if current and current ~= ARGV[1] and ARGV[3] ~= '1' then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
`);

/** KEYS: lease. ARGV: holder. Deletes the lease if the holder still holds it. */
const RELEASE_STREAM = new RedisScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
`);

/**
 * Sessions in Redis, shared by every instance. Each session is a hash (see `redis-session.codec.ts`: the fixed part
 * as one JSON field, then one field per changing value and per subscribed URI) whose Redis TTL is the idle timeout,
 * restarted by every read and write; a sorted set of ids scored by idle deadline (Redis server time) makes `count`
 * exact without scanning keys. `create` checks the cap and stores in one script (one round trip per `initialize`);
 * `patch`, `addSubscription` and `removeSubscription` are scripts that change single hash fields, so concurrent
 * changes from any instance all hold. The GET-stream lease is a key of its own, set and renewed by a compare script,
 * so one holder in the whole deployment has it. All keys share the `{sessions}` hash tag, so the scripts run on Redis Cluster.
 */
export class RedisSessionStore extends McpSessionStore {
  constructor(private readonly connection: McpRedisConnection) {
    super();
  }

  save(session: McpSession, idleTimeoutMs: number): Promise<void> {
    return this.connection.guard(async (client) => {
      await SAVE.run(client, this.keysOf(session.id), [session.id, ttl(idleTimeoutMs), ...encodeSession(session)]);
    });
  }

  override create(session: McpSession, idleTimeoutMs: number, maxSessions: number): Promise<boolean> {
    const cap = Number.isFinite(maxSessions) ? Math.floor(maxSessions) : -1;
    return this.connection.guard(async (client) => {
      const stored = await CREATE.run(client, this.keysOf(session.id), [session.id, ttl(idleTimeoutMs), cap, ...encodeSession(session)]);
      return Number(stored) === 1;
    });
  }

  get(id: string, idleTimeoutMs: number): Promise<McpSession | undefined> {
    return this.connection.guard((client) =>
      TOUCH.run(client, this.keysOf(id), [id, ttl(idleTimeoutMs)]).then((fields) =>
        Array.isArray(fields) ? decodeSession(fields as string[]) : undefined,
      ),
    );
  }

  override patch(id: string, fields: McpSessionPatch, idleTimeoutMs: number): Promise<boolean> {
    return this.connection.guard(async (client) => {
      return Number(await PATCH.run(client, this.keysOf(id), [id, ttl(idleTimeoutMs), ...encodeSessionPatch(fields)])) === 1;
    });
  }

  override addSubscription(id: string, uri: string, maxSubscriptions: number, idleTimeoutMs: number): Promise<McpSubscribeOutcome> {
    const most = Number.isFinite(maxSubscriptions) ? Math.max(0, Math.floor(maxSubscriptions)) : Number.MAX_SAFE_INTEGER;
    return this.connection.guard(async (client) => {
      const outcome = Number(
        await SUBSCRIBE.run(client, this.keysOf(id), [id, ttl(idleTimeoutMs), SUBSCRIPTION_FIELD_PREFIX + uri, most, SUBSCRIPTION_FIELD_PREFIX]),
      );
      return outcome === 0 ? 'missing' : outcome === 2 ? 'full' : 'subscribed';
    });
  }

  override removeSubscription(id: string, uri: string, idleTimeoutMs: number): Promise<boolean> {
    return this.connection.guard(async (client) => {
      return Number(await UNSUBSCRIBE.run(client, this.keysOf(id), [id, ttl(idleTimeoutMs), SUBSCRIPTION_FIELD_PREFIX + uri])) === 1;
    });
  }

  override claimStream(id: string, holder: string, ttlMs: number, takeOver: boolean): Promise<boolean> {
    return this.connection.guard(async (client) => {
      return Number(await CLAIM_STREAM.run(client, [this.connection.keys.streamOwner(id)], [holder, ttl(ttlMs), takeOver ? '1' : '0'])) === 1;
    });
  }

  override releaseStream(id: string, holder: string): Promise<void> {
    return this.connection.guard(async (client) => {
      await RELEASE_STREAM.run(client, [this.connection.keys.streamOwner(id)], [holder]);
    });
  }

  delete(id: string): Promise<void> {
    const { keys } = this.connection;
    return this.connection.guard(async (client) => {
      await client.multi().del(keys.session(id), keys.streamOwner(id)).zrem(keys.sessionIndex(), id).exec();
    });
  }

  count(): Promise<number> {
    return this.connection.guard(async (client) => Number(await COUNT.run(client, [this.connection.keys.sessionIndex()])));
  }

  private keysOf(id: string): string[] {
    return [this.connection.keys.session(id), this.connection.keys.sessionIndex()];
  }
}

/** Redis TTLs are whole milliseconds, at least 1. */
function ttl(ms: number): number {
  return Math.max(1, Math.ceil(ms));
}
