package io.coupon.gateway.door;

import java.time.Clock;

import io.coupon.gateway.problem.ProblemResponses;
import io.coupon.gateway.warmup.WarmUpTraffic;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/** Sold out and not open answered at the gateway (R15), from the door hashes coupon-api writes in Redis. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DoorProperties.class)
@ConditionalOnBooleanProperty(name = "coupon.door.enabled", matchIfMissing = true)
class DoorConfiguration {

	@Bean
	CouponDoor couponDoor(ReactiveStringRedisTemplate redis, DoorProperties properties) {
		return new CouponDoor(redis, properties, Clock.systemUTC());
	}

	@Bean
	DoorFilter doorFilter(CouponDoor door, ProblemResponses responses, WarmUpTraffic warmUp, MeterRegistry meters) {
		return new DoorFilter(door, responses, warmUp, meters);
	}

}
