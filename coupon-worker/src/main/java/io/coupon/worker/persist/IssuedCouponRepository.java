package io.coupon.worker.persist;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * Reads issued coupons. Writes go through {@link IssuedCouponWriter}, which is idempotent where
 * {@code save} would not be.
 */
public interface IssuedCouponRepository extends JpaRepository<IssuedCoupon, Long> {

	long countByCouponId(long couponId);

	List<IssuedCoupon> findByCouponId(long couponId);

}
