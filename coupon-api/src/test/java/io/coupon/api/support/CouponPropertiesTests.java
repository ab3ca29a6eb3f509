package io.coupon.api.support;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CouponPropertiesTests {

	private static final ValidatorFactory factory = Validation.buildDefaultValidatorFactory();

	private static final Validator validator = factory.getValidator();

	@AfterAll
	static void close() {
		factory.close();
	}

	@Test
	void shouldAcceptTheDefaults() {
		assertThat(validate(rebuild(Duration.ofSeconds(7), Duration.ofSeconds(60), Duration.ofMinutes(2)))).isEmpty();
	}

	@Test
	void shouldRefuseAQuietPeriodShorterThanThePublishTimeout() {
		assertThat(messages(rebuild(Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofMinutes(2))))
			.containsExactly("coupon.rebuild.quiet-period must be at least coupon.issue.publish-timeout");
	}

	@Test
	void shouldRefuseAGuardThatExpiresBeforeTheRebuildsWaits() {
		assertThat(messages(rebuild(Duration.ofSeconds(7), Duration.ofSeconds(60), Duration.ofSeconds(67))))
			.containsExactly("guard-ttl must be longer than quiet-period plus lag-wait-timeout");
	}

	private static CouponProperties.Rebuild rebuild(Duration quietPeriod, Duration lagWaitTimeout, Duration guardTtl) {
		return new CouponProperties.Rebuild(quietPeriod, "coupon-worker", lagWaitTimeout, guardTtl);
	}

	private static Set<ConstraintViolation<CouponProperties>> validate(CouponProperties.Rebuild rebuild) {
		CouponProperties properties = new CouponProperties("api-1", "redis://127.0.0.1:1",
				new CouponProperties.Issue(CouponProperties.StrategyName.LUA, CouponProperties.PublishMode.ACKS,
						Duration.ofSeconds(6), Duration.ofSeconds(3), Duration.ofSeconds(30), Duration.ofSeconds(1),
						Duration.ofSeconds(10), 1024),
				new CouponProperties.Topic("coupon.issued", 6, (short) 1), rebuild,
				CouponProperties.WarmUp.disabled());
		return validator.validate(properties);
	}

	private static List<String> messages(CouponProperties.Rebuild rebuild) {
		return validate(rebuild).stream().map(ConstraintViolation::getMessage).toList();
	}

}
