package io.coupon.gateway.ratelimit;

import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** A user sent more than the limit: answered 429 with the seconds until the user's next token in Retry-After. */
class RateLimitedException extends ResponseStatusException {

	private final long retryAfterSeconds;

	RateLimitedException(Duration wait) {
		super(HttpStatus.TOO_MANY_REQUESTS, "Too many requests from this user; try again after Retry-After seconds.");
		// Retry-After carries whole seconds: round up, so that a client that waits exactly that long gets a token.
		this.retryAfterSeconds = Math.max(1, (wait.toMillis() + 999) / 1000);
	}

	@Override
	public HttpHeaders getHeaders() {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, Long.toString(this.retryAfterSeconds));
		return headers;
	}

}
