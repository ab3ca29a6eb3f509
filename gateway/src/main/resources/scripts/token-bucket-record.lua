-- Records, for many users at once, the tokens a gateway spent on their first requests without asking (each user's
-- first request in a refill window finds a full bucket, so it may go at once; its token is recorded here, in a batch).
-- KEYS[i]  user i's bucket (see token-bucket.lua)
-- ARGV[1]  tokens added per second; ARGV[2] capacity; ARGV[3] the buckets' time to live in ms
-- ARGV[3 + i]  the tokens spent on user i
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local rate = tonumber(ARGV[1])
local capacity = tonumber(ARGV[2])
for i, key in ipairs(KEYS) do
  local tokens = capacity
  local state = redis.call('HMGET', key, 't', 'n')
  if state[1] then
    local elapsed = math.max(0, now - tonumber(state[1]))
    tokens = math.min(capacity, tonumber(state[2]) + elapsed * rate / 1000)
  end
  tokens = math.max(0, tokens - tonumber(ARGV[3 + i]))
  redis.call('HSET', key, 't', now, 'n', tostring(tokens))
  redis.call('PEXPIRE', key, ARGV[3])
end
return #KEYS
