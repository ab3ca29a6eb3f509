-- One user's token bucket, refilled continuously: record what this gateway already let through, then take one token
-- for the request at hand if there is one.
-- KEYS[1]  the user's bucket, a hash: t = when it was last updated (ms, Redis's clock), n = tokens then
-- ARGV[1]  tokens added per second
-- ARGV[2]  capacity: the largest burst a user may send at once
-- ARGV[3]  the bucket's time to live in ms: by then it would be full again, as good as absent
-- ARGV[4]  tokens the gateway already spent on this user's first request, not recorded yet (0 or more)
-- Returns {1, 0} when the request may go, {0, ms until the next token} when it may not.
-- Redis's own clock keeps the buckets consistent between gateway instances whose clocks differ.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local rate = tonumber(ARGV[1])
local capacity = tonumber(ARGV[2])

local tokens = capacity
local state = redis.call('HMGET', KEYS[1], 't', 'n')
if state[1] then
  local elapsed = math.max(0, now - tonumber(state[1]))
  tokens = math.min(capacity, tonumber(state[2]) + elapsed * rate / 1000)
end
tokens = math.max(0, tokens - tonumber(ARGV[4]))

local allowed = 0
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  wait = math.ceil((1 - tokens) * 1000 / rate)
end
redis.call('HSET', KEYS[1], 't', now, 'n', tostring(tokens))
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return {allowed, wait}
