/**
 * The Lua scripts behind the Redis presence tracker (presence-redis.ts). Each change of a venue
 * is one script: Redis runs it atomically, so of two nodes changing the same venue at once exactly
 * one sees the venue come online or go offline, and only that node records and broadcasts it.
 * Time is Redis's own (`TIME`), so node liveness does not depend on the nodes' clocks agreeing.
 *
 * Keys (under the deployment's prefix):
 *   presence:venue:<venueId>  hash: `node:<id>` → that node's socket count, `livekit` (1/0),
 *                             `online` (1/0, the state last published), `joinedAt`, `leftAt`,
 *                             `meeting`, `flips` (transitions so far)
 *   presence:nodes            sorted set: node id → the Redis time (ms) its heartbeat expires
 *   presence:node:<id>        set: the venues that node counts sockets of (what a sweep visits)
 */
import type { RedisClient } from '../realtime/redis-adapter.ts';

/**
 * Redis time in ms (liveness is judged by it). Writes after `TIME` need effects replication: the
 * default since Redis 5, asked for explicitly where the call still exists (a no-op on Redis 7).
 */
const NOW_MS = `
if redis.replicate_commands then redis.replicate_commands() end
local t = redis.call('TIME')
local nowMs = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`;

/**
 * Apply one change to a venue and publish the merged state.
 * KEYS: venue hash, nodes sorted set, the acting node's venue set.
 * ARGV: op (`sockets` | `livekit` | `forget`), node id, venue id, meeting id, now (ISO),
 *       value (socket count, or LiveKit 1/0), reported time (ISO or ''), idle expiry (ms).
 * `forget` removes a dead node's count, unless it came back meanwhile.
 * Returns: flipped (1/0), changed (1/0), online (1/0), joinedAt, leftAt, meeting id.
 */
export const APPLY_SCRIPT = `${NOW_MS}
local venue, nodes, nodeVenues = KEYS[1], KEYS[2], KEYS[3]
local op, node, venueId, meetingId, now, value, reported, idleMs =
  ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8]
local field = 'node:' .. node
local function alive(id)
  local score = redis.call('ZSCORE', nodes, id)
  return score and tonumber(score) > nowMs
end

if meetingId ~= '' then redis.call('HSET', venue, 'meeting', meetingId) end
if op == 'sockets' then
  local n = tonumber(value)
  if n > 0 then
    redis.call('HSET', venue, field, n)
    redis.call('SADD', nodeVenues, venueId)
    -- Known (but not alive until its heartbeat says so): should it die first, a sweep finds it.
    redis.call('ZADD', nodes, 'NX', nowMs - 1, node)
  else
    redis.call('HDEL', venue, field)
    redis.call('SREM', nodeVenues, venueId)
  end
elseif op == 'livekit' then
  redis.call('HSET', venue, 'livekit', value)
elseif op == 'forget' and not alive(node) then
  redis.call('HDEL', venue, field)
  redis.call('SREM', nodeVenues, venueId)
end

local state, counted = {}, {}
local h = redis.call('HGETALL', venue)
for i = 1, #h, 2 do
  state[h[i]] = h[i + 1]
  if string.sub(h[i], 1, 5) == 'node:' and tonumber(h[i + 1]) > 0 then table.insert(counted, string.sub(h[i], 6)) end
end
local online = state['livekit'] == '1'
for _, id in ipairs(counted) do
  if online then break end
  online = alive(id)
end

local was = state['online'] == '1'
local oldJoined, oldLeft = state['joinedAt'] or '', state['leftAt'] or ''
local joinedAt, leftAt = oldJoined, oldLeft
if op == 'livekit' and value == '1' and reported ~= '' then joinedAt = reported end
local flipped = was ~= online
if flipped and online then
  leftAt = ''
  if joinedAt == '' then joinedAt = now end
elseif flipped then
  if op == 'livekit' and reported ~= '' then leftAt = reported else leftAt = now end
end

if flipped then
  redis.call('HSET', venue, 'online', online and '1' or '0')
  redis.call('HINCRBY', venue, 'flips', 1)
end
if joinedAt ~= oldJoined then redis.call('HSET', venue, 'joinedAt', joinedAt) end
if leftAt ~= oldLeft then
  if leftAt == '' then redis.call('HDEL', venue, 'leftAt') else redis.call('HSET', venue, 'leftAt', leftAt) end
end
-- An offline venue's times are kept for a while (the board shows them), then dropped.
if online then redis.call('PERSIST', venue) else redis.call('PEXPIRE', venue, idleMs) end
local changed = flipped or joinedAt ~= oldJoined or leftAt ~= oldLeft
return { flipped and 1 or 0, changed and 1 or 0, online and 1 or 0, joinedAt, leftAt, state['meeting'] or meetingId }
`;

/**
 * Heartbeat. KEYS: nodes sorted set. ARGV: node id, TTL (ms).
 * Returns 1 when the node was still alive (its counts stand), 0 when it had expired or been
 * forgotten: its counts may have been swept and must be written again.
 */
export const HEARTBEAT_SCRIPT = `${NOW_MS}
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[1], nowMs + tonumber(ARGV[2]), ARGV[1])
if score and tonumber(score) > nowMs then return 1 end
return 0
`;

/** Nodes whose heartbeat expired. KEYS: nodes sorted set. ARGV: at most how many. */
export const DEAD_NODES_SCRIPT = `${NOW_MS}
return redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', nowMs, 'LIMIT', 0, tonumber(ARGV[1]))
`;

/**
 * Forget a dead node whose venues were all swept. KEYS: nodes sorted set, its venue set.
 * ARGV: node id. Returns 1 when forgotten; 0 when it came back or still counts venues.
 */
export const FORGET_NODE_SCRIPT = `${NOW_MS}
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if score and tonumber(score) > nowMs then return 0 end
if redis.call('SCARD', KEYS[2]) > 0 then return 0 end
redis.call('ZREM', KEYS[1], ARGV[1])
return 1
`;

/** Leave the cluster: a closing node is no longer counted. KEYS: nodes sorted set, its venue set. ARGV: node id. */
export const LEAVE_SCRIPT = `
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('DEL', KEYS[2])
return 1
`;

export interface ScriptCall {
  keys: string[];
  arguments: string[];
}

/**
 * Runs scripts by their SHA (EVALSHA), sending the body only when Redis does not have it yet
 * (first use, or after a restart or SCRIPT FLUSH of the Redis server).
 */
export function scriptRunner(client: RedisClient) {
  const shas = new Map<string, Promise<string>>();
  return async function run(script: string, call: ScriptCall): Promise<unknown> {
    let sha = shas.get(script);
    if (!sha) {
      sha = client.scriptLoad(script);
      shas.set(script, sha);
      sha.catch(() => shas.delete(script));
    }
    try {
      return await client.evalSha(await sha, call);
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
      return client.eval(script, call);
    }
  };
}
