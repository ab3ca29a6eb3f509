package io.coupon.api.issue;

import java.nio.file.Files;
import java.util.concurrent.TimeUnit;

import io.coupon.api.ledger.IssueLedger;
import io.coupon.api.support.HttpTestClient;
import io.coupon.api.support.RealInfrastructure;
import io.coupon.infra.FreePorts;
import io.coupon.infra.KafkaBroker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a client sees when Kafka cannot confirm an issuance, against real brokers: a definite failure gives the slot
 * back, an indeterminate one keeps it for a retry or the reconciler. Both answer 503 with Retry-After.
 */
class PublishFailureIntegrationTests {

	@Nested
	@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
			properties = { "spring.kafka.admin.auto-create=false",
					"spring.kafka.producer.properties.max.block.ms=500" })
	class WhenNoBrokerAnswers {

		@DynamicPropertySource
		static void infrastructure(DynamicPropertyRegistry registry) {
			RealInfrastructure.register(registry);
			// Nothing listens here: the producer never gets metadata, so the record never enters its buffer.
			registry.add("spring.kafka.bootstrap-servers", () -> "127.0.0.1:" + FreePorts.find());
		}

		@LocalServerPort
		int port;

		@Autowired
		IssueLedger ledger;

		@Autowired
		MeterRegistry meterRegistry;

		@Test
		void shouldWithdrawTheGrantAndAnswerUnavailable() {
			HttpTestClient client = new HttpTestClient("http://127.0.0.1:" + this.port);
			long coupon = client.createCoupon("{\"name\":\"no broker\",\"totalQuantity\":3}");

			HttpTestClient.Response response = client.issue(coupon, "41");

			assertThat(response.status()).isEqualTo(503);
			assertThat(response.problemType()).isEqualTo("unavailable");
			assertThat(response.header("Retry-After")).isEqualTo("1");
			assertThat(this.ledger.holdsSlot(coupon, 41)).as("the slot was given back").isFalse();
			assertThat(this.ledger.snapshot(coupon).issued()).isZero();
			assertThat(this.ledger.pendingSlots()).noneMatch((slot) -> slot.couponId() == coupon);
			assertThat(outcomes(this.meterRegistry, "withdrawn")).isOne();
			assertThat(outcomes(this.meterRegistry, "granted")).isZero();
			assertThat(this.meterRegistry.get("coupon.issue.publish").tag("result", "definitely_failed").timer())
				.extracting(Timer::count)
				.isEqualTo(1L);
		}

	}

	@Nested
	@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
			properties = { "spring.kafka.producer.properties.delivery.timeout.ms=1500",
					"spring.kafka.producer.properties.request.timeout.ms=500", "coupon.issue.publish-timeout=4s",
					"coupon.issue.reconcile-interval=1h", "coupon.issue.reconcile-after=0s" })
	class WhenTheBrokerFreezes {

		static KafkaBroker broker;

		@DynamicPropertySource
		static void infrastructure(DynamicPropertyRegistry registry) throws Exception {
			broker = startPrivateBroker(registry, "frozen-kafka");
		}

		@AfterAll
		static void stopBroker() {
			stopPrivateBroker(broker);
		}

		@LocalServerPort
		int port;

		@Autowired
		IssueLedger ledger;

		@Autowired
		PendingIssueReconciler reconciler;

		@Autowired
		MeterRegistry meterRegistry;

		@Test
		void shouldKeepTheSlotAndPublishAgainOnRetryOrByTheReconciler() {
			HttpTestClient client = new HttpTestClient("http://127.0.0.1:" + this.port);
			long coupon = client.createCoupon("{\"name\":\"frozen\",\"totalQuantity\":3}");
			// A first success gives the producer the topic's metadata, so that the next send enters its buffer.
			assertThat(client.issue(coupon, "50").status()).isEqualTo(201);

			HttpTestClient.Response first = issueWhileFrozen(client, coupon, "51");
			assertThat(first.status()).isEqualTo(503);
			assertThat(first.problemType()).isEqualTo("unavailable");
			assertThat(first.header("Retry-After")).isEqualTo("1");
			assertThat(this.ledger.holdsSlot(coupon, 51)).as("an indeterminate grant keeps its slot").isTrue();
			assertThat(pendingStates(coupon)).containsExactly(IssueLedger.PendingState.INDETERMINATE);

			HttpTestClient.Response retry = client.issue(coupon, "51");
			assertThat(retry.status()).as("the user's retry publishes the same issuance").isEqualTo(201);
			assertThat(this.ledger.snapshot(coupon).issued()).as("the retry took no second slot").isEqualTo(2);

			HttpTestClient.Response second = issueWhileFrozen(client, coupon, "52");
			assertThat(second.status()).isEqualTo(503);
			assertThat(this.ledger.holdsSlot(coupon, 52)).isTrue();
			assertThat(client.issue(coupon, "53").problemType()).as("50, 51 and 52 hold the whole stock")
				.isEqualTo("sold-out");

			assertThat(this.reconciler.reconcileOnce()).as("the reconciler publishes user 52's grant")
				.isGreaterThanOrEqualTo(1);
			org.awaitility.Awaitility.await().untilAsserted(() -> assertThat(pendingStates(coupon)).isEmpty());
			assertThat(client.issue(coupon, "52").problemType()).isEqualTo("already-issued");

			assertThat(outcomes(this.meterRegistry, "granted")).as("user 50").isOne();
			assertThat(outcomes(this.meterRegistry, "indeterminate")).as("users 51 and 52 while frozen").isEqualTo(2);
			assertThat(outcomes(this.meterRegistry, "republished")).as("user 51's retry").isOne();
			assertThat(this.meterRegistry.get("coupon.reconciler.republished").counter().count())
				.isGreaterThanOrEqualTo(1);
		}

		/**
		 * SIGSTOP: the broker keeps its connections but answers nothing, so the produce request times out. Whether
		 * the frozen broker appends it when it wakes is exactly what the client cannot know.
		 */
		private HttpTestClient.Response issueWhileFrozen(HttpTestClient client, long coupon, String user) {
			signal("STOP", broker.pid());
			try {
				return client.issue(coupon, user);
			}
			finally {
				signal("CONT", broker.pid());
			}
		}

		private java.util.List<IssueLedger.PendingState> pendingStates(long coupon) {
			return this.ledger.pendingSlots()
				.stream()
				.filter((slot) -> slot.couponId() == coupon)
				.map(IssueLedger.PendingSlot::state)
				.toList();
		}

	}

	@Nested
	@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
			properties = { "coupon.issue.publish=fire-and-forget", "coupon.lab.unsafe-modes=true",
					"coupon.issue.reconcile-interval=1h" })
	class WhenFireAndForgetIsChosen {

		static KafkaBroker broker;

		@DynamicPropertySource
		static void infrastructure(DynamicPropertyRegistry registry) throws Exception {
			broker = startPrivateBroker(registry, "fnf-kafka");
		}

		@AfterAll
		static void stopBroker() {
			stopPrivateBroker(broker);
		}

		@LocalServerPort
		int port;

		@Test
		void shouldAnswerSuccessThatNoBrokerConfirmedWhichIsWhyItIsNotTheDefault() {
			HttpTestClient client = new HttpTestClient("http://127.0.0.1:" + this.port);
			long coupon = client.createCoupon("{\"name\":\"origin\",\"totalQuantity\":3}");
			assertThat(client.issue(coupon, "60").status()).isEqualTo(201);

			signal("STOP", broker.pid());
			try {
				HttpTestClient.Response unconfirmed = client.issue(coupon, "61");
				// The origin design's hazard, shown: a success while the only broker is frozen and cannot have
				// written the event. With the default publish mode this request waits and answers 503.
				assertThat(unconfirmed.status()).isEqualTo(201);
			}
			finally {
				signal("CONT", broker.pid());
			}
		}

	}

	static double outcomes(MeterRegistry meterRegistry, String outcome) {
		return meterRegistry.get("coupon.issue.outcomes").tag("outcome", outcome).counter().count();
	}

	/**
	 * Real Redis and MariaDB as usual, but a Kafka broker of the test's own: freezing the shared one would stall the
	 * other tests.
	 */
	static KafkaBroker startPrivateBroker(DynamicPropertyRegistry registry, String name) throws Exception {
		RealInfrastructure.register(registry);
		KafkaBroker broker = KafkaBroker.start(FreePorts.find(), FreePorts.find(), Files.createTempDirectory(name));
		registry.add("spring.kafka.bootstrap-servers", broker::bootstrapServers);
		return broker;
	}

	static void stopPrivateBroker(KafkaBroker broker) {
		signal("CONT", broker.pid());
		broker.close();
	}

	static void signal(String signal, long pid) {
		try {
			Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
			assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0)
				.as("kill -%s %d", signal, pid)
				.isTrue();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
