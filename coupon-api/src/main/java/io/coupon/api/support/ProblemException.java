package io.coupon.api.support;

import java.time.Duration;

/**
 * A request that ends in a known problem. Thrown from the service layer; {@link ProblemHandler} renders it.
 */
public class ProblemException extends RuntimeException {

	private final ProblemType type;

	private final Duration retryAfter;

	public ProblemException(ProblemType type, String detail) {
		this(type, detail, null, null);
	}

	public ProblemException(ProblemType type, String detail, Duration retryAfter, Throwable cause) {
		super(detail, cause);
		this.type = type;
		this.retryAfter = retryAfter;
	}

	public static ProblemException unavailable(String detail, Duration retryAfter, Throwable cause) {
		return new ProblemException(ProblemType.UNAVAILABLE, detail, retryAfter, cause);
	}

	public ProblemType type() {
		return this.type;
	}

	/** When set, the response carries {@code Retry-After} in whole seconds (at least 1). */
	public Duration retryAfter() {
		return this.retryAfter;
	}

}
