package io.coupon.api.issue;

import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads the rows the worker wrote. The worker owns the writes; the API asks whether a row exists, and a rebuild
 * reads who holds one.
 */
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

	/**
	 * One page of the users holding a row for the coupon, in user id order, after {@code afterUserId}: keyset paging
	 * on the (coupon_id, user_id) unique key, so that a page costs the same however deep it is and a coupon of any
	 * size is read in bounded memory.
	 */
	List<Long> userIdsAfter(long couponId, long afterUserId, int limit) {
		return this.jdbc
			.sql("SELECT user_id FROM issued_coupon WHERE coupon_id = ? AND user_id > ? ORDER BY user_id LIMIT ?")
			.params(couponId, afterUserId, limit)
			.query(Long.class)
			.list();
	}

}
