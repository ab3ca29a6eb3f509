-- Loads a coupon's issuance state rebuilt from MySQL, in one atomic step, and only while the state is
-- still missing. The stock key is written last: its presence is what issue.lua takes for "loaded", so no
-- grant can see a half-written state. If the stock key is already there (another rebuild won, or the
-- coupon was initialised), the live state is newer than this rebuild's snapshot and must not be
-- overwritten: doing so could forget grants made since and issue past the stock (I1) or twice (I2).
-- The user set arrives staged under its own key (filled with one SADD per page beforehand), because a
-- script's arguments cannot carry a large set: Lua's unpack() has a stack limit.
--
-- KEYS[1] {coupon:id}:stock    KEYS[2] {coupon:id}:issued   KEYS[3] {coupon:id}:users
-- KEYS[4] {coupon:id}:pending  KEYS[5] {coupon:id}:rebuild-users:<token>, the staged user set
-- KEYS[6] {coupon:id}:door     the gateways' view: its sold-out mark is set again only if the rows fill the stock
-- ARGV[1] total quantity
-- ARGV[2] how many users hold a row in MySQL (the staged set's size)
--
-- Returns: 1   loaded
--          0   the state was loaded already: nothing written, the staged set deleted
--          -1  the staged set is not the expected size (it expired, or Redis lost it): nothing written
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('DEL', KEYS[5])
  return 0
end
local rows = tonumber(ARGV[2])
if redis.call('SCARD', KEYS[5]) ~= rows then
  redis.call('DEL', KEYS[5])
  return -1
end
-- Pending records written after the loss belong to grants of the lost state. A grant whose event reached
-- Kafka is a row by now; publishing any of them again could add a row that the counter does not count.
redis.call('DEL', KEYS[4])
if rows > 0 then
  redis.call('RENAME', KEYS[5], KEYS[3])
  -- RENAME carries the staging key's expiry over: the user set must live as long as the stock.
  redis.call('PERSIST', KEYS[3])
else
  redis.call('DEL', KEYS[3], KEYS[5])
end
redis.call('SET', KEYS[2], ARGV[2])
-- A mark left from before the loss says nothing about the rebuilt count (a lost grant's slot is stock again).
if rows >= tonumber(ARGV[1]) then
  redis.call('HSET', KEYS[6], 'sold-out', '1')
else
  redis.call('HDEL', KEYS[6], 'sold-out')
end
redis.call('SET', KEYS[1], ARGV[1])
return 1
