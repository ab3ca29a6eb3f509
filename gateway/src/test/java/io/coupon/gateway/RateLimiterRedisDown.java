package io.coupon.gateway;

import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The gateway in jwt mode whose rate limiter's Redis is unreachable (nothing listens on its port), in front of one
 * stub replica; each subclass sets {@code coupon.rate-limit.when-redis-fails}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "eureka.client.enabled=false", "spring.test.webtestclient.timeout=30s",
				"coupon.security.jwt.hmac-secret=" + TestTokens.SECRET,
				// A refill window of 100 s (10 tokens at 0.1 a second): a user's later requests fall in the window of
				// the first one however slowly a busy machine serves the first, cold request.
				"coupon.rate-limit.replenish-rate=0.1" })
@AutoConfigureWebTestClient
abstract class RateLimiterRedisDown {

	// One stub for the test JVM, shared by the subclasses (each resets it first) and stopped with the JVM.
	static final StubUpstream replica = StubUpstream.start("replica-a");

	@Autowired
	WebTestClient client;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		registry.add("spring.cloud.discovery.client.simple.instances.coupon-api[0].uri", replica::uri);
		registry.add("spring.data.redis.url", () -> Upstreams.refusing().replace("http://", "redis://"));
	}

	@BeforeEach
	void resetReplica() {
		replica.reset();
	}

}
