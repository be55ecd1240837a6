import { Cluster } from 'ioredis';
import { McpEventStore, type McpBroadcastMember, type McpStoredEvent, type McpStreamReplay } from '../stores/mcp-event.store.js';
import type { McpRedisConnection } from './mcp-redis.connection.js';
import { LUA_NOW_MS, RedisScript } from './redis-script.js';

/** The limits that shape the event store (the module passes `streams` of the resolved `McpModule` options). */
export interface RedisEventStoreLimits {
  /** Events kept per stream; older ones are dropped. */
  readonly maxEventsPerStream: number;
  /** Milliseconds a stream is kept after its last append or end. */
  readonly eventTtlMs: number;
}

/**
 * Takes `count` sequence numbers of a stream; returns the first. A stream's first sequence (`base`) is Redis server
 * time in microseconds when it is first written, so a stream whose keys were lost (a Redis restarted without
 * persistence, a failover to a replica that had not caught up) goes on with higher numbers and never reuses an id.
 */
const LUA_TAKE = `
local function take(key, count)
  if redis.call('HEXISTS', key, 'next') == 0 then
    local t = redis.call('TIME')
    local base = string.format('%.0f', tonumber(t[1]) * 1000000 + tonumber(t[2]))
    redis.call('HSET', key, 'next', base, 'base', base)
  end
  return redis.call('HINCRBY', key, 'next', count) - count
end
`;

/**
 * Appends messages (JSON) to a stream as consecutive events: takes their sequence numbers, pushes them, trims the
 * log to `max` events and restarts both keys' TTL. Returns the sequence of the first.
 */
const LUA_APPEND = `${LUA_TAKE}
local function append(hash, list, max, ttl, ...)
  local first = take(hash, select('#', ...))
  redis.call('RPUSH', list, ...)
  redis.call('LTRIM', list, -tonumber(max), -1)
  redis.call('PEXPIRE', hash, ttl)
  redis.call('PEXPIRE', list, ttl)
  return first
end
`;

/**
 * KEYS: stream hash, events list. ARGV: max events, TTL ms, then the messages (JSON).
 * Appends every message as consecutive events; returns the sequence of the first.
 */
const APPEND_BATCH = new RedisScript(`${LUA_APPEND}
return append(KEYS[1], KEYS[2], ARGV[1], ARGV[2], unpack(ARGV, 3))
`);

/**
 * KEYS: each stream's hash and events list, in pairs. ARGV: message JSON, max events, TTL ms.
 * Appends the message to every stream; returns the sequences, in the order of the streams.
 */
const APPEND_TO_EACH = new RedisScript(`${LUA_APPEND}
local sequences = {}
for index = 1, #KEYS, 2 do
  sequences[#sequences + 1] = append(KEYS[index], KEYS[index + 1], ARGV[2], ARGV[3], ARGV[1])
end
return sequences
`);

/** At most this many streams go to one APPEND_TO_EACH call. */
const MAX_STREAMS_PER_CALL = 500;

/**
 * KEYS: the members set. ARGV: member, TTL ms. Keeps the later of the member's two expiries (Redis server time);
 * forgets expired members.
 */
const ENLIST = new RedisScript(`${LUA_NOW_MS}
local now = now_ms()
local expiry = now + tonumber(ARGV[2])
local current = tonumber(redis.call('ZSCORE', KEYS[1], ARGV[1]) or '0')
if current < expiry then redis.call('ZADD', KEYS[1], expiry, ARGV[1]) end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
`);

/** KEYS: the members set. Forgets expired members; returns the others. */
const MEMBERS = new RedisScript(`${LUA_NOW_MS}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now_ms())
return redis.call('ZRANGE', KEYS[1], 0, -1)
`);

/** At most this many messages go to one script call (Lua's `unpack` has a stack limit). */
const MAX_BATCH = 1_000;

/** KEYS: stream hash, events list. ARGV: TTL ms. Does nothing for a stream that was never written to. */
const END = new RedisScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return end
redis.call('HSET', KEYS[1], 'ended', '1')
redis.call('PEXPIRE', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[2], ARGV[1])
`);

/**
 * KEYS: stream hash, events list. ARGV: the sequence to resume after (-1: from the stream's first sequence).
 * The list holds the newest events contiguously, so the first kept sequence is `next - LLEN`. Returns
 * `{ ended, first sequence returned, events... }`, or nil when the stream is unknown or the events after ARGV[1] were dropped.
 */
const REPLAY = new RedisScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
local next = tonumber(redis.call('HGET', KEYS[1], 'next') or '0')
local first = next - redis.call('LLEN', KEYS[2])
local after = tonumber(ARGV[1])
if after == -1 then after = tonumber(redis.call('HGET', KEYS[1], 'base') or '0') - 1 end
if after + 1 < first or after >= next then return false end
local ended = redis.call('HGET', KEYS[1], 'ended') and 1 or 0
local events = redis.call('LRANGE', KEYS[2], after + 1 - first, -1)
table.insert(events, 1, after + 1)
table.insert(events, 1, ended)
return events
`);

/**
 * SSE events in Redis, so a client can resume a stream on any instance. Per stream: a hash with the sequence counter
 * (starting from Redis server time in microseconds, so ids never repeat even if Redis loses the stream), its first
 * sequence and the end flag, and a list of the last `maxEventsPerStream` messages; both expire `eventTtlMs` after the last
 * append or end. Each operation is one Lua script, so sequence numbers follow call order across instances; a batch
 * of events is one script call. A stream's two keys share a Redis Cluster hash tag (the stream id).
 * Broadcast members are one sorted set (`<streamId> <sessionId>` scored by expiry, Redis server time); a broadcast
 * to many streams is one script call (on Redis Cluster, where streams live in different slots, one call per
 * stream, sent together).
 */
export class RedisEventStore extends McpEventStore {
  constructor(
    private readonly connection: McpRedisConnection,
    private readonly limits: RedisEventStoreLimits,
  ) {
    super();
  }

  async append(streamId: string, message: unknown): Promise<McpStoredEvent> {
    return (await this.appendBatch(streamId, [message]))[0]!;
  }

  override async appendBatch(streamId: string, messages: readonly unknown[]): Promise<McpStoredEvent[]> {
    const { keys } = this.connection;
    const events: McpStoredEvent[] = [];
    for (let start = 0; start < messages.length; start += MAX_BATCH) {
      const chunk = messages.slice(start, start + MAX_BATCH);
      const json = chunk.map((message) => JSON.stringify(message) ?? 'null');
      const first = await this.connection.guard((client) =>
        APPEND_BATCH.run(client, [keys.stream(streamId), keys.streamEvents(streamId)], [this.limits.maxEventsPerStream, this.ttl(), ...json]),
      );
      chunk.forEach((message, index) => events.push({ id: `${streamId}.${Number(first) + index}`, message }));
    }
    return events;
  }

  end(streamId: string): Promise<void> {
    const { keys } = this.connection;
    return this.connection.guard(async (client) => {
      await END.run(client, [keys.stream(streamId), keys.streamEvents(streamId)], [this.ttl()]);
    });
  }

  replay(streamId: string, after: number): Promise<McpStreamReplay | undefined> {
    const { keys } = this.connection;
    return this.connection.guard(async (client) => {
      const reply = (await REPLAY.run(client, [keys.stream(streamId), keys.streamEvents(streamId)], [after])) as
        | [number, number, ...string[]]
        | null;
      if (!reply) return undefined;
      const [ended, from, ...messages] = reply;
      const first = Number(from);
      return {
        ended: ended === 1,
        events: messages.map((json, index) => ({ id: `${streamId}.${first + index}`, message: JSON.parse(json) as unknown })),
      };
    });
  }

  override async appendToEach(streamIds: readonly string[], message: unknown): Promise<McpStoredEvent[]> {
    const { keys } = this.connection;
    const json = JSON.stringify(message) ?? 'null';
    const args = [json, this.limits.maxEventsPerStream, this.ttl()];
    return this.connection.guard(async (client) => {
      if (client instanceof Cluster) {
        const sequences = await Promise.all(
          streamIds.map((streamId) =>
            APPEND_BATCH.run(client, [keys.stream(streamId), keys.streamEvents(streamId)], [this.limits.maxEventsPerStream, this.ttl(), json]),
          ),
        );
        return streamIds.map((streamId, index) => ({ id: `${streamId}.${Number(sequences[index])}`, message }));
      }
      const events: McpStoredEvent[] = [];
      for (let start = 0; start < streamIds.length; start += MAX_STREAMS_PER_CALL) {
        const chunk = streamIds.slice(start, start + MAX_STREAMS_PER_CALL);
        const sequences = (await APPEND_TO_EACH.run(
          client,
          chunk.flatMap((streamId) => [keys.stream(streamId), keys.streamEvents(streamId)]),
          args,
        )) as number[];
        chunk.forEach((streamId, index) => events.push({ id: `${streamId}.${Number(sequences[index])}`, message }));
      }
      return events;
    });
  }

  enlist(member: McpBroadcastMember, ttlMs: number): Promise<void> {
    const { keys } = this.connection;
    return this.connection.guard(async (client) => {
      await ENLIST.run(client, [keys.broadcastMembers()], [encodeMember(member), Math.max(1, Math.ceil(ttlMs))]);
    });
  }

  delist(member: McpBroadcastMember): Promise<void> {
    const { keys } = this.connection;
    return this.connection.guard(async (client) => {
      await client.zrem(keys.broadcastMembers(), encodeMember(member));
    });
  }

  members(): Promise<McpBroadcastMember[]> {
    const { keys } = this.connection;
    return this.connection.guard(async (client) => {
      const encoded = (await MEMBERS.run(client, [keys.broadcastMembers()])) as string[];
      return encoded.map(decodeMember);
    });
  }

  private ttl(): number {
    return Math.max(1, Math.ceil(this.limits.eventTtlMs));
  }
}

/** Stream ids hold no spaces (see `stream-ids.ts`), so the first space ends the stream id. */
function encodeMember(member: McpBroadcastMember): string {
  return `${member.streamId} ${member.sessionId}`;
}

function decodeMember(encoded: string): McpBroadcastMember {
  const space = encoded.indexOf(' ');
  return { streamId: encoded.slice(0, space), sessionId: encoded.slice(space + 1) };
}
