package io.coupon.api.warmup;

/** A warm-up step met a failure of its hot path and stopped: the replica still becomes ready (it would be cold). */
public class WarmUpFailedException extends RuntimeException {

	public WarmUpFailedException(String message, Throwable cause) {
		super(message, cause);
	}

}
