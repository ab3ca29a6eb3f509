-- Gives a granted slot back after a DEFINITE publish failure (the event never reached Kafka).
-- Atomic and idempotent: the counter moves only when the user really held a slot, so a repeated or
-- concurrent release cannot free a slot twice (which would let the stock be issued twice over).
-- Never called for an ambiguous failure: that event may be in Kafka, and freeing its slot could over-issue.
--
-- A freed slot is stock again: the door's sold-out mark goes in the same step, so that no gateway keeps
-- answering sold-out past its reading's age (docs/decisions.md, "Sold out at the door").
--
-- KEYS[1] {coupon:id}:issued   KEYS[2] {coupon:id}:users   KEYS[3] {coupon:id}:pending
-- KEYS[4] {coupon:id}:door
-- ARGV[1] user id
-- Returns: the new issued count, or -1 when the user held no slot.
if redis.call('SREM', KEYS[2], ARGV[1]) == 1 then
  redis.call('HDEL', KEYS[3], ARGV[1])
  redis.call('HDEL', KEYS[4], 'sold-out')
  return redis.call('DECR', KEYS[1])
end
return -1
