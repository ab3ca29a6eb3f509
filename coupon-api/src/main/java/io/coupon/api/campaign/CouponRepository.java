package io.coupon.api.campaign;

import org.springframework.data.jpa.repository.JpaRepository;

interface CouponRepository extends JpaRepository<Coupon, Long> {

}
