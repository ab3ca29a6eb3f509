-- Loads a new coupon's issuance state: its stock, and the door's record of its issue window, in one step.
-- Whatever an earlier attempt with the same id left in the door's hash goes first, so that the gateways
-- never read a window or a sold-out mark that is not this coupon's (docs/decisions.md, "Sold out at the door").
--
-- KEYS[1] {coupon:id}:stock    KEYS[2] {coupon:id}:door
-- ARGV[1] total quantity
-- ARGV[2] opens-at, epoch milliseconds, or '' when the coupon opens at creation
-- ARGV[3] closes-at, epoch milliseconds, or '' when it stays open until sold out
--
-- Returns: 1
redis.call('DEL', KEYS[2])
if ARGV[2] ~= '' then
  redis.call('HSET', KEYS[2], 'opens-at', ARGV[2])
end
if ARGV[3] ~= '' then
  redis.call('HSET', KEYS[2], 'closes-at', ARGV[3])
end
redis.call('SET', KEYS[1], ARGV[1])
return 1
