package io.coupon.api.issue;

record IssueStatusResponse(long couponId, long userId, Status status) {

	enum Status {

		/** Redis granted the slot; the row is not in MySQL yet. */
		PENDING,
		/** The worker wrote the row. */
		ISSUED

	}

}
