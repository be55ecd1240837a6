import { LUA_NOW_MS, RedisScript } from './redis-script.js';

/** Lua: whether a JSON-encoded status is terminal. */
const LUA_IS_TERMINAL = `local function is_terminal(status)
  return status == '"completed"' or status == '"failed"' or status == '"cancelled"'
end
`;

/**
 * KEYS: task hash, owner index, active (everyone), active (owner).
 * ARGV: expiry (epoch ms, '' for none), owner-index member, task id, '1' when unfinished, then field/value pairs.
 * Writes the task and indexes it. The owner index lives as long as the longest-lived task in it.
 */
export const CREATE_TASK = new RedisScript(`${LUA_NOW_MS}
local expire_at = ARGV[1]
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], unpack(ARGV, 5))
if expire_at ~= '' then redis.call('PEXPIREAT', KEYS[1], expire_at) end
local index_ttl = redis.call('PTTL', KEYS[2])
redis.call('ZADD', KEYS[2], 0, ARGV[2])
if expire_at == '' then
  redis.call('PERSIST', KEYS[2])
elseif index_ttl ~= -1 then
  local current = index_ttl > 0 and (now_ms() + index_ttl) or 0
  redis.call('PEXPIREAT', KEYS[2], string.format('%.0f', math.max(current, tonumber(expire_at))))
end
if ARGV[4] == '1' then
  local score = expire_at == '' and '+inf' or expire_at
  redis.call('ZADD', KEYS[3], score, ARGV[3])
  redis.call('ZADD', KEYS[4], score, ARGV[3])
end
`);

/**
 * KEYS: task hash, active (everyone).
 * KEYS[3]: finished tasks. ARGV: task key prefix, longest a finished task is kept (ms), most finished tasks kept,
 * prefix of the owner's active set, task id, count of allowed statuses (-1: any) and the statuses (JSON),
 * count of fields to remove and their names, then field/value pairs to set.
 * Applies the patch only to an unfinished task in an allowed status, atomically; returns the new hash or nil.
 * A task that becomes terminal expires at most `ARGV[2]` ms later, and the finished set is trimmed to `ARGV[3]`,
 * dropping the tasks that finished first.
 */
export const UPDATE_TASK = new RedisScript(`${LUA_NOW_MS}${LUA_IS_TERMINAL}
local status = redis.call('HGET', KEYS[1], 'status')
if not status or is_terminal(status) then return false end
local task_prefix = ARGV[1]
local completed_ttl = tonumber(ARGV[2])
local max_completed = tonumber(ARGV[3])
local i = 6
local allowed_count = tonumber(ARGV[i])
i = i + 1
if allowed_count >= 0 then
  local allowed = false
  for j = i, i + allowed_count - 1 do
    if ARGV[j] == status then allowed = true end
  end
  if not allowed then return false end
  i = i + allowed_count
end
local unset_count = tonumber(ARGV[i])
i = i + 1
if unset_count > 0 then redis.call('HDEL', KEYS[1], unpack(ARGV, i, i + unset_count - 1)) end
i = i + unset_count
if i <= #ARGV then redis.call('HSET', KEYS[1], unpack(ARGV, i)) end
if is_terminal(redis.call('HGET', KEYS[1], 'status')) then
  local task_id = ARGV[5]
  local owner = cjson.decode(redis.call('HGET', KEYS[1], 'ownerId'))
  redis.call('ZREM', KEYS[2], task_id)
  redis.call('ZREM', ARGV[4] .. owner, task_id)
  local remaining = redis.call('PTTL', KEYS[1])
  if remaining == -1 or remaining > completed_ttl then
    redis.call('PEXPIRE', KEYS[1], completed_ttl)
    local ttl = cjson.decode(redis.call('HGET', KEYS[1], 'ttlMs') or 'null')
    if type(ttl) == 'number' and remaining > 0 then
      redis.call('HSET', KEYS[1], 'ttlMs', string.format('%.0f', ttl - remaining + completed_ttl))
    end
  end
  local now = now_ms()
  redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', string.format('(%.0f', now - completed_ttl))
  -- Scores only grow, so tasks finishing in the same millisecond keep their order (ties would sort by id).
  local last = redis.call('ZRANGE', KEYS[3], -1, -1, 'WITHSCORES')[2]
  local score = now
  if last and tonumber(last) >= now then score = tonumber(last) + 0.01 end
  redis.call('ZADD', KEYS[3], string.format('%.2f', score), task_id)
  local excess = redis.call('ZCARD', KEYS[3]) - max_completed
  if excess > 0 then
    for _, dropped in ipairs(redis.call('ZRANGE', KEYS[3], 0, excess - 1)) do
      redis.call('DEL', task_prefix .. dropped)
    end
    redis.call('ZREMRANGEBYRANK', KEYS[3], 0, excess - 1)
  end
end
return redis.call('HGETALL', KEYS[1])
`);

/**
 * KEYS: owner index. ARGV: task key prefix, range start ('-' or '(<member>'), how many to find.
 * Walks the index in order, skipping (and removing) tasks that expired; returns `{ member, hash }` pairs.
 */
export const LIST_TASKS = new RedisScript(`
local want = tonumber(ARGV[3])
local start = ARGV[2]
local found = {}
while #found < want do
  local batch = redis.call('ZRANGEBYLEX', KEYS[1], start, '+', 'LIMIT', 0, want - #found)
  if #batch == 0 then break end
  for _, member in ipairs(batch) do
    local fields = redis.call('HGETALL', ARGV[1] .. string.sub(member, 15))
    if #fields == 0 then
      redis.call('ZREM', KEYS[1], member)
    else
      table.insert(found, { member, fields })
    end
  end
  start = '(' .. batch[#batch]
end
return found
`);

/** KEYS: an active set. Drops tasks past their expiry and counts the rest. */
export const COUNT_ACTIVE = new RedisScript(`${LUA_NOW_MS}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('%.0f', now_ms()))
return redis.call('ZCARD', KEYS[1])
`);

/** KEYS: active (everyone). ARGV: task key prefix, how many. The unfinished tasks expiring first, as hashes. */
export const LIST_ACTIVE = new RedisScript(`${LUA_NOW_MS}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('%.0f', now_ms()))
local found = {}
for _, task_id in ipairs(redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[2]) - 1)) do
  local fields = redis.call('HGETALL', ARGV[1] .. task_id)
  if #fields > 0 then table.insert(found, fields) end
end
return found
`);
