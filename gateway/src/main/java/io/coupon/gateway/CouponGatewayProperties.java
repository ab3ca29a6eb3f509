package io.coupon.gateway;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;
import org.springframework.util.unit.DataSize;

/**
 * The gateway's own knobs.
 *
 * @param retryAfter what the gateway's own 503 answers tell a client to wait before trying again;
 * whole seconds, because that is all a {@code Retry-After} header can carry
 * @param maxRequestBody the largest request body the gateway forwards; the API's largest legitimate body (a coupon
 * definition) is a few hundred bytes
 */
@ConfigurationProperties("coupon")
public record CouponGatewayProperties(@DefaultValue("1s") Duration retryAfter,
		@DefaultValue("64KB") DataSize maxRequestBody) {

	public CouponGatewayProperties {
		Assert.isTrue(retryAfter.toSeconds() >= 1 && retryAfter.toMillis() % 1000 == 0,
				"coupon.retry-after must be a whole number of seconds, at least 1s");
		Assert.isTrue(maxRequestBody.toBytes() > 0, "coupon.max-request-body must be positive");
	}

}
