package io.coupon.gateway.ratelimit;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

class UserRateLimiterTests {

	private final ReactiveStringRedisTemplate redis = mock(ReactiveStringRedisTemplate.class);

	@Test
	void shouldLetOnlyAUsersFirstRequestInAWindowGoUnasked() {
		try (UserRateLimiter limiter = limiter(RateLimitProperties.WhenRedisFails.ALLOW)) {
			assertThat(limiter.takeFirstUnasked("user:1")).isTrue();
			assertThat(limiter.takeFirstUnasked("user:1")).isFalse();
			assertThat(limiter.takeFirstUnasked("user:2")).isTrue();
		}
		verifyNoInteractions(this.redis);
	}

	@Test
	void shouldLetNoRequestGoUnaskedInStrictMode() {
		try (UserRateLimiter limiter = limiter(RateLimitProperties.WhenRedisFails.REJECT)) {
			assertThat(limiter.takeFirstUnasked("user:1")).isFalse();
		}
	}

	private UserRateLimiter limiter(RateLimitProperties.WhenRedisFails whenRedisFails) {
		RateLimitProperties properties = new RateLimitProperties(true, 5, 10, Duration.ofMillis(250), whenRedisFails);
		// A recording interval far past the test: only takeFirstUnasked runs, and it never talks to Redis.
		return new UserRateLimiter(this.redis, properties, Duration.ofHours(1), (ex) -> {
		});
	}

}
