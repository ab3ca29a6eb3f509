-- Decides one issuance atomically: the per-user dedup (SET) and the stock limit (counter) in one step.
-- Redis runs a script to completion before any other command, so no interleaving can issue past the
-- stock or twice to one user (invariants I1 and I2 of docs/invariants.md).
-- A grant also writes a pending record (write-ahead): if this replica dies before Kafka confirms the
-- event, or the caller never learns this script ran, the reconciler still finds the slot and publishes it.
--
-- KEYS[1] {coupon:id}:stock    total quantity (string integer); absent = state not loaded
-- KEYS[2] {coupon:id}:issued   how many users hold a slot
-- KEYS[3] {coupon:id}:users    SET of user ids holding a slot
-- KEYS[4] {coupon:id}:pending  HASH user id -> "inflight:<epoch ms>" | "indeterminate:<epoch ms>":
--                              slots whose event Kafka has not confirmed yet
-- KEYS[5] {coupon:id}:door     HASH read by the gateways (docs/decisions.md, "Sold out at the door"): field
--                              sold-out is set here once issued reaches the stock, and only here; release.lua
--                              and rebuild.lua clear it whenever the stock comes back
-- ARGV[1] user id (decimal string)
-- ARGV[2] now, epoch milliseconds
--
-- Returns: n >= 1  granted, n is the user's position in the issue order
--          -1      already issued to this user (or its first request is still in flight)
--          -2      sold out
--          -3      state not loaded (the coupon is unknown here, or Redis lost its data)
--          -4      this user's earlier publish ended indeterminate: publish again (the write is idempotent)
local stock = redis.call('GET', KEYS[1])
if not stock then
  return -3
end
if redis.call('SISMEMBER', KEYS[3], ARGV[1]) == 1 then
  local pending = redis.call('HGET', KEYS[4], ARGV[1])
  if pending and string.sub(pending, 1, 14) == 'indeterminate:' then
    return -4
  end
  return -1
end
local issued = tonumber(redis.call('GET', KEYS[2]) or '0')
if issued >= tonumber(stock) then
  -- Also for a state whose mark was lost (Redis restarted, or the state was loaded before the door existed).
  -- Read first: until the gateways see the mark, every request still ends here, and a write per request
  -- would be propagated (AOF, replicas) for nothing.
  if redis.call('HEXISTS', KEYS[5], 'sold-out') == 0 then
    redis.call('HSET', KEYS[5], 'sold-out', '1')
  end
  return -2
end
redis.call('SADD', KEYS[3], ARGV[1])
redis.call('HSET', KEYS[4], ARGV[1], 'inflight:' .. ARGV[2])
local position = redis.call('INCR', KEYS[2])
if position >= tonumber(stock) then
  -- The last unit: the door closes with the grant that took it, in the same atomic step.
  redis.call('HSET', KEYS[5], 'sold-out', '1')
end
return position
