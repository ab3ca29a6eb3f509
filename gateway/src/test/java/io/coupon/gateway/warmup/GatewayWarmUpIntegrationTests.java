package io.coupon.gateway.warmup;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.coupon.infra.TestInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's warm-up in the default jwt mode, with the rate limiter on a real Redis: every warm-up request went
 * through token verification and the proxy to the warm-up's own upstream, no replica received anything, the rate
 * limiter left them alone, and the gateway became ready only after the warm-up had ended.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "eureka.client.enabled=false",
				"coupon.security.jwt.hmac-secret=test-secret-that-is-at-least-32-bytes-long!",
				"coupon.warm-up.requests=200", "coupon.warm-up.concurrency=8", "coupon.warm-up.timeout=60s" })
class GatewayWarmUpIntegrationTests {

	/** A coupon-api replica as the registry names it: it must see none of the warm-up's requests. */
	static final AtomicInteger replicaRequests = new AtomicInteger();

	static final DisposableServer replica = HttpServer.create()
		.host("127.0.0.1")
		.port(0)
		.handle((request, response) -> {
			replicaRequests.incrementAndGet();
			return response.status(201).send();
		})
		.bindNow();

	@Autowired
	private GatewayWarmUp warmUp;

	@Autowired
	private ReadinessRecorder readiness;

	@Autowired
	private ApplicationAvailability availability;

	@Autowired
	private MeterRegistry registry;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		registry.add("spring.cloud.discovery.client.simple.instances.coupon-api[0].uri",
				() -> "http://127.0.0.1:" + replica.port());
		registry.add("spring.data.redis.url", TestInfrastructure::redisUrl);
	}

	@AfterAll
	static void stopReplica() {
		replica.disposeNow();
	}

	@Test
	void shouldProxyEveryWarmUpRequestToItsOwnUpstreamAndNoneToAReplica() {
		GatewayWarmUp.Outcome outcome = this.warmUp.outcome();
		assertThat(outcome).as("the warm-up ran").isNotNull();
		assertThat(outcome.load().completed()).isTrue();
		assertThat(outcome.load().started()).isEqualTo(200);
		assertThat(outcome.load().answered()).as("answered, none refused or failed").isEqualTo(200);
		assertThat(outcome.load().serverErrors()).isZero();
		assertThat(outcome.upstreamAnswered()).as("every request passed verification and reached the upstream")
			.isEqualTo(200);
		assertThat(replicaRequests).as("no replica saw a warm-up request").hasValue(0);
		assertThat(this.registry.get("coupon.gateway.rate.limit").counters())
			.as("the rate limiter neither counted nor limited them, so it asked Redis nothing")
			.allSatisfy((counter) -> assertThat(counter.count()).isZero());
	}

	@Test
	void shouldBecomeReadyOnlyAfterTheWarmUpEnded() {
		assertThat(this.readiness.states()).as("readiness changes, in order").containsExactly(
				ReadinessState.ACCEPTING_TRAFFIC);
		assertThat(this.readiness.warmUpFinishedWhenAccepting()).as("the warm-up had ended when readiness changed")
			.containsExactly(true);
		assertThat(this.availability.getReadinessState()).isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);
		assertThat(this.registry.get("coupon.warmup.finished").gauge().value()).isEqualTo(1.0);
		assertThat(this.registry.get("coupon.warmup.duration").tag("outcome", "completed").timer().count())
			.isEqualTo(1);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Readiness {

		@Bean
		ReadinessRecorder readinessRecorder(GatewayWarmUp warmUp) {
			return new ReadinessRecorder(warmUp);
		}

	}

	/** Every readiness change, and whether the warm-up had ended at that moment. */
	static class ReadinessRecorder {

		private final GatewayWarmUp warmUp;

		private final List<ReadinessState> states = new CopyOnWriteArrayList<>();

		private final List<Boolean> warmUpFinished = new CopyOnWriteArrayList<>();

		ReadinessRecorder(GatewayWarmUp warmUp) {
			this.warmUp = warmUp;
		}

		@EventListener
		void onReadiness(AvailabilityChangeEvent<ReadinessState> event) {
			this.states.add(event.getState());
			this.warmUpFinished.add(this.warmUp.finished());
		}

		List<ReadinessState> states() {
			return this.states;
		}

		List<Boolean> warmUpFinishedWhenAccepting() {
			return this.warmUpFinished;
		}

	}

}
