package io.coupon.worker.consume;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * The worker's own copy of the {@code CouponIssued} event that coupon-api publishes on {@code coupon.issued}
 * (key: the user id in decimal). Services share the JSON format, not this class; see
 * {@link CouponIssuedEventParser} for what the worker accepts.
 *
 * @param eventId unique per publish attempt; the worker deduplicates on (couponId, userId), not on this
 * @param couponId the coupon, positive
 * @param userId the user, positive
 * @param acceptedAt when Redis accepted the request, truncated to the microseconds a DATETIME(6) keeps
 * @param strategy the issue strategy that accepted it, for the lab's reports; not needed to persist the coupon
 */
record CouponIssuedEvent(UUID eventId, long couponId, long userId, Instant acceptedAt, @Nullable String strategy) {

}
