package io.coupon.api.campaign;

import java.net.URI;

import io.coupon.api.support.Ids;
import io.coupon.api.support.JsonBodyReader;

import org.springframework.http.HttpEntity;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/api/v1/coupons", produces = MediaType.APPLICATION_JSON_VALUE)
class CouponController {

	private final CouponService service;

	private final JsonBodyReader bodies;

	CouponController(CouponService service, JsonBodyReader bodies) {
		this.service = service;
		this.bodies = bodies;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<CouponResponse> create(HttpEntity<byte[]> request) {
		CouponDefinition coupon = this.service.create(this.bodies.read(request, CreateCouponRequest.class));
		CouponResponse body = new CouponResponse(coupon.id(), coupon.name(), coupon.totalQuantity(), 0,
				coupon.totalQuantity(), coupon.issueStartsAt(), coupon.issueEndsAt());
		return ResponseEntity.created(URI.create("/api/v1/coupons/" + coupon.id())).body(body);
	}

	@GetMapping("/{couponId}")
	CouponResponse get(@PathVariable String couponId) {
		return this.service.describe(Ids.couponId(couponId));
	}

}
