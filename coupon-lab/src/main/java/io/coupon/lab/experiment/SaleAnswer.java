package io.coupon.lab.experiment;

import io.coupon.lab.check.Outcome;

/**
 * How one request of a sale ended, finer than {@link Outcome}: a sale's report tells a rate limit (429) and an
 * unavailable service (503, which a client retries) apart from other errors.
 */
public enum SaleAnswer {

	/** 2xx: the coupon is the user's. */
	ISSUED("issued"),
	/** 409 already-issued: the user holds one (after a retry, the earlier attempt took it). */
	ALREADY_ISSUED("already-issued"),
	/** 409 sold-out. */
	SOLD_OUT("sold-out"),
	/** 429: the gateway's rate limit. */
	RATE_LIMITED("429"),
	/** 503: no replica, or an outcome the API could not confirm; a client retries it. */
	UNAVAILABLE("503"),
	/**
	 * 502 or 504: the gateway could not reach a replica, or not in time; a client retries it as a 503 (measured: 10
	 * of 1,000 users of a spike on a cold suite got a 502).
	 */
	GATEWAY_ERROR("502/504"),
	/** No answer within the request timeout, or the connection broke; a client retries it. */
	TIMED_OUT("timeout"),
	/** Any other answer: other 4xx, other 5xx (500: the API failed, a client shows it). */
	ERROR("error");

	private final String label;

	SaleAnswer(String label) {
		this.label = label;
	}

	public String label() {
		return this.label;
	}

	/** @param status the HTTP status, or a negative value when there was no answer */
	static SaleAnswer of(int status, String problemType) {
		if (status < 0) {
			return TIMED_OUT;
		}
		if (status == 429) {
			return RATE_LIMITED;
		}
		if (status == 503) {
			return UNAVAILABLE;
		}
		if (status == 502 || status == 504) {
			return GATEWAY_ERROR;
		}
		return switch (Outcome.of(status, problemType)) {
			case ISSUED -> ISSUED;
			case ALREADY_ISSUED -> ALREADY_ISSUED;
			case SOLD_OUT -> SOLD_OUT;
			default -> ERROR;
		};
	}

	/** What a real client sends again, after a backoff: the service said it could not answer now, or said nothing. */
	boolean retryable() {
		return this == UNAVAILABLE || this == GATEWAY_ERROR || this == TIMED_OUT;
	}

	/** Whether the user ends holding the coupon: issued, or told so by a retry. */
	boolean holdsCoupon() {
		return this == ISSUED || this == ALREADY_ISSUED;
	}

	/** Not a right answer of a sale (issued, already issued, sold out). */
	boolean isError() {
		return !holdsCoupon() && this != SOLD_OUT;
	}

}
