package io.coupon.gateway.ratelimit;

import java.time.Duration;
import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Token buckets per user in Redis, shared by every gateway instance: one script call per request, which refills the
 * user's bucket for the time that passed and takes a token if there is one.
 */
class UserRateLimiter {

	static final String KEY_PREFIX = "gateway:rate:";

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> TOKEN_BUCKET = RedisScript.of(new ClassPathResource("scripts/token-bucket.lua"),
			List.class);

	private final ReactiveStringRedisTemplate redis;

	private final List<String> arguments;

	UserRateLimiter(ReactiveStringRedisTemplate redis, RateLimitProperties properties) {
		this.redis = redis;
		// A bucket left alone this long is full again: expiring it then forgets nothing.
		long refillMillis = (long) Math.ceil(properties.burstCapacity() * 1000 / properties.replenishRate());
		this.arguments = List.of(Double.toString(properties.replenishRate()),
				Integer.toString(properties.burstCapacity()), Long.toString(Math.max(1000, refillMillis)));
	}

	/** Takes one of the user's tokens: empty wait when the request may go, else how long until the next token. */
	Mono<Decision> acquire(String user) {
		return this.redis.execute(TOKEN_BUCKET, List.of(KEY_PREFIX + user), this.arguments)
			.next()
			.map(UserRateLimiter::decision);
	}

	private static Decision decision(List<?> reply) {
		boolean allowed = ((Number) reply.get(0)).longValue() == 1;
		return new Decision(allowed, Duration.ofMillis(((Number) reply.get(1)).longValue()));
	}

	/** @param nextToken how long until the user's next token; zero when allowed */
	record Decision(boolean allowed, Duration nextToken) {

	}

}
