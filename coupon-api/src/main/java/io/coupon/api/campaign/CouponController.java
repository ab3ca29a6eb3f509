package io.coupon.api.campaign;

import java.net.URI;

import jakarta.validation.Valid;

import io.coupon.api.support.Ids;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/api/v1/coupons", produces = MediaType.APPLICATION_JSON_VALUE)
class CouponController {

	private final CouponService service;

	CouponController(CouponService service) {
		this.service = service;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<CouponResponse> create(@Valid @RequestBody CreateCouponRequest request) {
		CouponDefinition coupon = this.service.create(request);
		CouponResponse body = new CouponResponse(coupon.id(), coupon.name(), coupon.totalQuantity(), 0,
				coupon.totalQuantity(), coupon.issueStartsAt(), coupon.issueEndsAt());
		return ResponseEntity.created(URI.create("/api/v1/coupons/" + coupon.id())).body(body);
	}

	@GetMapping("/{couponId}")
	CouponResponse get(@PathVariable String couponId) {
		return this.service.describe(Ids.couponId(couponId));
	}

}
