package io.coupon.gateway.ratelimit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;

/**
 * The per-user rate limit at the gateway (R8; docs/security.md).
 *
 * @param enabled whether API requests are counted at all
 * @param replenishRate requests per second a user may keep sending
 * @param burstCapacity requests a user may send at once after a pause: a press of the button, a retry, a status read
 * @param timeout how long the limiter waits for Redis before {@code whenRedisFails} decides
 * @param whenRedisFails what a request gets when Redis cannot say: {@code allow} (the default) or {@code reject}
 */
@ConfigurationProperties("coupon.rate-limit")
public record RateLimitProperties(@DefaultValue("true") boolean enabled, @DefaultValue("5") double replenishRate,
		@DefaultValue("10") int burstCapacity, @DefaultValue("250ms") Duration timeout,
		@DefaultValue("allow") WhenRedisFails whenRedisFails) {

	public RateLimitProperties {
		Assert.isTrue(replenishRate > 0, "coupon.rate-limit.replenish-rate must be positive");
		Assert.isTrue(burstCapacity >= 1, "coupon.rate-limit.burst-capacity must be at least 1");
		Assert.isTrue(!timeout.isNegative() && !timeout.isZero(), "coupon.rate-limit.timeout must be positive");
	}

	/** What the limiter does when Redis does not answer in time. */
	public enum WhenRedisFails {

		/**
		 * Let the request through uncounted. The limiter protects the sale from one user's flood; it must not turn
		 * its own store's outage into an outage of the sale. The replicas' own Redis checks still hold every
		 * invariant, and answer 503 if that Redis is the one that failed.
		 */
		ALLOW,

		/** Answer 503 with Retry-After: no request passes uncounted. */
		REJECT

	}

}
