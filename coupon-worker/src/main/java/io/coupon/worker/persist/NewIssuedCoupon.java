package io.coupon.worker.persist;

import java.time.Instant;

/**
 * A coupon to write: what the worker needs from a {@code CouponIssued} event, already validated by the consumer
 * so that the database can store it (positive ids, an instant within DATETIME's range, at most microsecond
 * precision).
 */
public record NewIssuedCoupon(long couponId, long userId, Instant acceptedAt) {

}
