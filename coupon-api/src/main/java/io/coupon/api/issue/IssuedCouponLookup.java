package io.coupon.api.issue;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads the rows the worker wrote. The worker owns the writes; the API only asks whether a row exists. */
@Component
class IssuedCouponLookup {

	private final JdbcClient jdbc;

	IssuedCouponLookup(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	boolean exists(long couponId, long userId) {
		return this.jdbc.sql("SELECT COUNT(*) FROM issued_coupon WHERE coupon_id = ? AND user_id = ?")
			.params(couponId, userId)
			.query(Long.class)
			.single() > 0;
	}

}
