package io.coupon.api.warmup;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.coupon.api.ledger.IssueLedger;
import io.coupon.api.support.CouponProperties;
import io.coupon.api.support.HttpTestClient;
import io.coupon.api.support.RealInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.KeysScanOptions;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The warm-up on real Redis, MariaDB and Kafka: it runs the hot path for real (acknowledged events on the warm-up
 * topic), and nothing of it shows in a coupon's counts, in the rows, on the real topic or in the issuance meters.
 */
// No reconciler round during the test: republishing another test's leftovers would move the publish timer.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "coupon.issue.reconcile-interval=1h")
class WarmUpLeavesNoTraceIntegrationTests {

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		RealInfrastructure.register(registry);
	}

	@LocalServerPort
	int port;

	@Autowired
	List<WarmUpStep> steps;

	@Autowired
	IssueLedger ledger;

	@Autowired
	RedissonClient redisson;

	@Autowired
	MeterRegistry meters;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	CouponProperties properties;

	@Test
	void shouldHaveWarmedUpBeforeTheContextWasReady() {
		assertThat(this.meters.get("coupon.warmup.finished").gauge().value()).isEqualTo(1.0);
		assertThat(this.meters.get("coupon.warmup.duration").tags("step", "all", "outcome", "completed").timer().count())
			.isOne();
		assertThat(this.meters.get("coupon.warmup.duration").tags("step", "issue-path", "outcome", "completed").timer()
			.count()).isOne();
		assertThat(this.meters.get("coupon.warmup.duration").tags("step", "http-path", "outcome", "completed").timer()
			.count()).isOne();
		// Every grant on the scratch stock (three quarters of the decisions) published and acknowledged.
		assertThat(warmUpEvents()).hasSizeGreaterThanOrEqualTo(scratchStock());
	}

	@Test
	void shouldLeaveNoTraceInCountsRowsTopicOrIssuanceMeters() {
		HttpTestClient client = new HttpTestClient("http://127.0.0.1:" + this.port);
		long coupon = client.createCoupon("{\"name\":\"beside a warm-up\",\"totalQuantity\":5}");
		assertThat(client.issue(coupon, "71").status()).isEqualTo(201);
		assertThat(client.issue(coupon, "72").status()).isEqualTo(201);
		long coupons = this.jdbc.sql("SELECT COUNT(*) FROM coupon").query(Long.class).single();
		Map<String, Double> issuanceMeters = issuanceMeters();
		int warmUpEventsBefore = warmUpEvents().size();

		for (WarmUpStep step : this.steps) {
			step.run(Instant.now().plusSeconds(20));
		}

		assertThat(warmUpEvents()).as("the warm-up did publish, to its own topic")
			.hasSizeGreaterThanOrEqualTo(warmUpEventsBefore + scratchStock());
		assertThat(this.ledger.snapshot(coupon).issued()).isEqualTo(2);
		assertThat(client.get("/api/v1/coupons/" + coupon).json().get("issuedQuantity").asLong()).isEqualTo(2);
		assertThat(TopicReader.values("coupon.issued")).as("no warm-up event on the real topic")
			.noneMatch((event) -> event.contains("\"couponId\":-"))
			.filteredOn((event) -> event.contains("\"couponId\":" + coupon + ","))
			.hasSize(2);
		assertThat(scratchKeys()).as("every key of the scratch coupons deleted").isEmpty();
		assertThat(this.ledger.pendingSlots()).noneMatch((slot) -> slot.couponId() < 0);
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM coupon").query(Long.class).single()).isEqualTo(coupons);
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM issued_coupon WHERE coupon_id < 0").query(Long.class).single())
			.isZero();
		assertThat(issuanceMeters()).isEqualTo(issuanceMeters);
	}

	private int scratchStock() {
		return this.properties.warmUp().issues() * 3 / 4;
	}

	private List<String> warmUpEvents() {
		List<String> events = TopicReader.values("coupon.warm-up");
		assertThat(events).allMatch((event) -> event.contains("\"couponId\":-"));
		return events;
	}

	private List<String> scratchKeys() {
		return this.redisson.getKeys()
			.getKeysStream(KeysScanOptions.defaults().pattern("{coupon:-*").chunkSize(100))
			.toList();
	}

	/** Every series of the issuance meters, by its id: the warm-up must move none of them. */
	private Map<String, Double> issuanceMeters() {
		return Search.in(this.meters)
			.meters()
			.stream()
			.filter((meter) -> meter.getId().getName().startsWith("coupon.issue."))
			.collect(Collectors.toMap((meter) -> meter.getId().toString(),
					(meter) -> meter.measure().iterator().next().getValue()));
	}

}
