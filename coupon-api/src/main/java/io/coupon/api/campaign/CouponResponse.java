package io.coupon.api.campaign;

import java.time.Instant;

/**
 * @param issuedQuantity users holding a slot in Redis (accepted; the worker may not have written all rows yet)
 */
record CouponResponse(long id, String name, int totalQuantity, long issuedQuantity, long remainingQuantity,
		Instant issueStartsAt, Instant issueEndsAt) {

}
