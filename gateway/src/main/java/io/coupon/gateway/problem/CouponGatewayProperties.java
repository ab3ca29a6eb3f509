package io.coupon.gateway.problem;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;

/**
 * The gateway's own knobs.
 *
 * @param retryAfter what the gateway's own 503 answers tell a client to wait before trying again;
 * whole seconds, because that is all a {@code Retry-After} header can carry
 */
@ConfigurationProperties("coupon")
record CouponGatewayProperties(@DefaultValue("1s") Duration retryAfter) {

	CouponGatewayProperties {
		Assert.isTrue(retryAfter.toSeconds() >= 1 && retryAfter.toMillis() % 1000 == 0,
				"coupon.retry-after must be a whole number of seconds, at least 1s");
	}

}
