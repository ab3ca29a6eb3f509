package io.coupon.gateway.warmup;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;

/**
 * The gateway's warm-up before it reports ready ({@link GatewayWarmUp}).
 *
 * @param enabled whether it runs; off, the gateway is ready cold (only to measure what the warm-up buys)
 * @param requests how many requests it sends through the verify-and-proxy path at most
 * @param concurrency how many of them are in flight at once
 * @param timeout how long it may take at most: past it the gateway becomes ready anyway, partly cold
 */
@ConfigurationProperties("coupon.warm-up")
public record WarmUpProperties(@DefaultValue("true") boolean enabled, @DefaultValue("3000") int requests,
		@DefaultValue("16") int concurrency, @DefaultValue("20s") Duration timeout) {

	public WarmUpProperties {
		Assert.isTrue(requests >= 0, "coupon.warm-up.requests must not be negative");
		Assert.isTrue(concurrency >= 1, "coupon.warm-up.concurrency must be at least 1");
		Assert.isTrue(timeout.isPositive(), "coupon.warm-up.timeout must be positive");
	}

}
