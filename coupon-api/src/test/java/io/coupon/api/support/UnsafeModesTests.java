package io.coupon.api.support;

import java.time.Duration;

import io.coupon.api.support.CouponProperties.PublishMode;
import io.coupon.api.support.CouponProperties.StrategyName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class UnsafeModesTests {

	@Test
	void shouldStartTheSafeModesWithoutTheLabSwitch() {
		for (StrategyName strategy : new StrategyName[] { StrategyName.LUA, StrategyName.LOCK, StrategyName.FAIR_LOCK }) {
			assertThatCode(() -> UnsafeModes.check(issue(strategy, PublishMode.ACKS), false))
				.doesNotThrowAnyException();
		}
	}

	@Test
	void shouldRefuseSetIncrWithoutTheLabSwitchAndNameTheSwitch() {
		assertThatIllegalStateException()
			.isThrownBy(() -> UnsafeModes.check(issue(StrategyName.SET_INCR, PublishMode.ACKS), false))
			.withMessageContaining("coupon.issue.strategy=set-incr")
			.withMessageContaining("COUPON_LAB_UNSAFE_MODES=true");
	}

	@Test
	void shouldRefuseFireAndForgetWithoutTheLabSwitch() {
		assertThatIllegalStateException()
			.isThrownBy(() -> UnsafeModes.check(issue(StrategyName.LUA, PublishMode.FIRE_AND_FORGET), false))
			.withMessageContaining("coupon.issue.publish=fire-and-forget")
			.withMessageNotContaining("set-incr");
	}

	@Test
	void shouldStartAnUnsafeModeWithTheLabSwitch() {
		assertThatCode(() -> UnsafeModes.check(issue(StrategyName.SET_INCR, PublishMode.FIRE_AND_FORGET), true))
			.doesNotThrowAnyException();
	}

	private static CouponProperties.Issue issue(StrategyName strategy, PublishMode publish) {
		return new CouponProperties.Issue(strategy, publish, Duration.ofSeconds(6), Duration.ofSeconds(3),
				Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(10), 1024);
	}

}
