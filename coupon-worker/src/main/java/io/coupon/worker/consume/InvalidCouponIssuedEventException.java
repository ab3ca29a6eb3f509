package io.coupon.worker.consume;

/**
 * A record that is not a valid {@code CouponIssued} event: not JSON, or a missing or invalid field. Retrying cannot
 * fix it, so it is the one failure that goes to the dead-letter topic.
 */
class InvalidCouponIssuedEventException extends RuntimeException {

	InvalidCouponIssuedEventException(String message) {
		super(message);
	}

	InvalidCouponIssuedEventException(String message, Throwable cause) {
		super(message, cause);
	}

}
