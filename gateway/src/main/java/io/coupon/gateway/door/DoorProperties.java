package io.coupon.gateway.door;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;

/**
 * Sold out and not open answered at the gateway (R15; docs/decisions.md, "Sold out at the door").
 *
 * @param enabled whether the gateway answers for the coupons at all
 * @param pollInterval how often the gateway reads the door's hash of every coupon it was asked for recently
 * @param maxAge how long a reading is believed: past it the door lets every request through. This is the longest the
 * door can go on answering sold-out after stock came back (a slot given back, a rebuild)
 * @param clockAllowance how far the gateway's clock may be from the replicas': within it of a window's start or end
 * the replicas decide
 * @param forgetAfter a coupon nobody asked for this long is no longer read
 * @param maxCoupons the most coupons read at once (one HMGET each per poll)
 * @param holderCheckTimeout how long the door waits for the SISMEMBER that asks, before a sold-out answer, whether
 * the user holds the coupon: past it (or when Redis fails) the request goes to a replica
 */
@ConfigurationProperties("coupon.door")
public record DoorProperties(@DefaultValue("true") boolean enabled, @DefaultValue("250ms") Duration pollInterval,
		@DefaultValue("1s") Duration maxAge, @DefaultValue("500ms") Duration clockAllowance,
		@DefaultValue("30s") Duration forgetAfter, @DefaultValue("1000") int maxCoupons,
		@DefaultValue("100ms") Duration holderCheckTimeout) {

	public DoorProperties {
		Assert.isTrue(pollInterval.toMillis() >= 10, "coupon.door.poll-interval must be at least 10ms");
		Assert.isTrue(maxAge.compareTo(pollInterval) > 0, "coupon.door.max-age must be longer than the poll interval");
		Assert.isTrue(!clockAllowance.isNegative(), "coupon.door.clock-allowance must not be negative");
		Assert.isTrue(forgetAfter.compareTo(maxAge) > 0, "coupon.door.forget-after must be longer than max-age");
		Assert.isTrue(maxCoupons >= 1, "coupon.door.max-coupons must be at least 1");
		Assert.isTrue(holderCheckTimeout.isPositive(), "coupon.door.holder-check-timeout must be positive");
	}

}
