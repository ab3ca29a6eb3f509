package io.coupon.api.support;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The comparison modes that break a promise of docs/invariants.md on purpose (the origin design's {@code set-incr}
 * strategy, which over-issues under concurrency, and {@code fire-and-forget}, which can lose a confirmed issuance).
 * They exist to be measured by the lab, so a replica refuses to start with one unless the lab's switch
 * {@code coupon.lab.unsafe-modes=true} is set as well: one mistyped variable in a deployment cannot turn them on.
 */
public final class UnsafeModes {

	private static final Logger log = LoggerFactory.getLogger(UnsafeModes.class);

	private UnsafeModes() {
	}

	/**
	 * @param allowed the value of {@code coupon.lab.unsafe-modes}
	 * @throws IllegalStateException naming the unsafe settings and the switch, when one is chosen without the switch
	 */
	public static void check(CouponProperties.Issue issue, boolean allowed) {
		List<String> unsafe = new ArrayList<>();
		if (issue.strategy() == CouponProperties.StrategyName.SET_INCR) {
			unsafe.add("coupon.issue.strategy=set-incr (issues past the stock and twice to a user under concurrency)");
		}
		if (issue.publish() == CouponProperties.PublishMode.FIRE_AND_FORGET) {
			unsafe.add("coupon.issue.publish=fire-and-forget (answers before Kafka confirms: a success can be lost)");
		}
		if (unsafe.isEmpty()) {
			return;
		}
		if (!allowed) {
			throw new IllegalStateException("Refusing to start with an unsafe comparison mode: " + String.join(", ", unsafe)
					+ ". These exist only to measure the origin design in the lab; to run one, also set "
					+ "coupon.lab.unsafe-modes=true (COUPON_LAB_UNSAFE_MODES=true).");
		}
		for (String each : unsafe) {
			log.warn("UNSAFE comparison mode, allowed by coupon.lab.unsafe-modes=true: {}. For measurement only.", each);
		}
	}

}
