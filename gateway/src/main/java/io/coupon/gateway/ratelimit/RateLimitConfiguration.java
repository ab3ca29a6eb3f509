package io.coupon.gateway.ratelimit;

import java.time.Duration;

import io.coupon.gateway.warmup.WarmUpTraffic;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.SocketOptions;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientConfigurationBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/** The per-user rate limiter (R8) and its Redis client's behaviour while Redis is down. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RateLimitProperties.class)
class RateLimitConfiguration {

	@Bean
	@ConditionalOnBooleanProperty(name = "coupon.rate-limit.enabled", matchIfMissing = true)
	UserRateLimitFilter userRateLimitFilter(ReactiveStringRedisTemplate redis, RateLimitProperties properties,
			MeterRegistry meters, WarmUpTraffic warmUp) {
		return new UserRateLimitFilter(redis, properties, meters, warmUp);
	}

	/**
	 * While Redis is unreachable, fail the limiter's commands at once instead of queueing them until it is back:
	 * queued commands would hold every request for the limiter's timeout and grow without bound. These options replace
	 * the ones Boot built, so the connect timeout is set here too.
	 */
	@Bean
	LettuceClientConfigurationBuilderCustomizer failFastWhileDisconnected() {
		return (builder) -> builder.clientOptions(ClientOptions.builder()
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(1)).build())
			.build());
	}

}
