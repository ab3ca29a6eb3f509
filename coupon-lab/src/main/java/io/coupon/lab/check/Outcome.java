package io.coupon.lab.check;

/** How one issue request ended, as the client saw it. */
public enum Outcome {

	/** 2xx: the API confirmed the issuance. */
	ISSUED,
	/** 409 already-issued. */
	ALREADY_ISSUED,
	/** 409 sold-out. */
	SOLD_OUT,
	/** Any other 4xx: rejected for a stated reason, nothing issued. */
	REJECTED,
	/** 5xx: the outcome is not confirmed (a 503 for an indeterminate publish can still end as a row). */
	FAILED,
	/** No answer in time, or the connection broke: the request may have been executed. */
	TIMED_OUT;

	public static Outcome of(int status, String problemType) {
		if (status >= 200 && status < 300) {
			return ISSUED;
		}
		if (status == 409 && problemType != null && problemType.endsWith("/already-issued")) {
			return ALREADY_ISSUED;
		}
		if (status == 409 && problemType != null && problemType.endsWith("/sold-out")) {
			return SOLD_OUT;
		}
		return (status >= 400 && status < 500) ? REJECTED : FAILED;
	}

	/** Whether this answer leaves the request's effect unknown. */
	boolean isUncertain() {
		return this == FAILED || this == TIMED_OUT;
	}

}
