package io.coupon.api.issue;

import java.time.Instant;

/**
 * A successful issuance: Kafka holds the event, the worker writes the row shortly.
 *
 * @param position the user's position in the issue order (0 when a retry confirmed an earlier grant)
 */
record IssueResponse(long couponId, long userId, long position, Instant acceptedAt, IssueStatusResponse.Status status) {

}
