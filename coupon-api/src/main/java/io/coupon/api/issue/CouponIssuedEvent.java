package io.coupon.api.issue;

import java.time.Instant;
import java.util.UUID;

/**
 * The wire format on topic {@code coupon.issued} (documented in docs/events.md). Key: the user id in decimal.
 * coupon-worker keeps its own copy of this type: services share the format, not classes.
 *
 * @param eventId unique per publish attempt; a republished issuance gets a new one, the (couponId, userId) pair is
 * what the worker deduplicates on
 * @param acceptedAt when Redis granted the slot
 * @param strategy the issue strategy that granted it, for the lab's reports
 */
record CouponIssuedEvent(UUID eventId, long couponId, long userId, Instant acceptedAt, String strategy) {

}
