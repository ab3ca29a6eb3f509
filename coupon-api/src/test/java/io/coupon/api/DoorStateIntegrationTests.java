package io.coupon.api;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import io.coupon.api.ledger.IssueKeys;
import io.coupon.api.ledger.IssueLedger;
import io.coupon.api.support.HttpTestClient;
import io.coupon.api.support.RealInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * R15, coupon-api's half through its HTTP API on real Redis, MariaDB and Kafka: what the gateways' door reads
 * ({@link IssueKeys#DOOR_CONTRACT}) is written by the creation, the issue that takes the last unit and a not-open
 * answer.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DoorStateIntegrationTests {

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		RealInfrastructure.register(registry);
	}

	@LocalServerPort
	int port;

	@Autowired
	IssueLedger ledger;

	@Autowired
	RedissonClient redisson;

	HttpTestClient client;

	@BeforeEach
	void client() {
		this.client = new HttpTestClient("http://127.0.0.1:" + this.port);
	}

	@Test
	void shouldWriteTheWindowAtCreationAndTheMarkWithTheLastUnit() {
		Instant ends = Instant.now().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS);
		long coupon = this.client
			.createCoupon("{\"name\":\"door\",\"totalQuantity\":2,\"issueEndsAt\":\"" + ends + "\"}");
		assertThat(this.ledger.door(coupon))
			.containsExactly(Map.entry(IssueKeys.DOOR_CLOSES_AT, Long.toString(ends.toEpochMilli())));

		assertThat(this.client.issue(coupon, "1").status()).isEqualTo(201);
		assertThat(this.ledger.door(coupon)).as("one unit left: no mark (I6)").doesNotContainKey(IssueKeys.DOOR_SOLD_OUT);
		assertThat(this.client.issue(coupon, "2").status()).isEqualTo(201);

		assertThat(this.ledger.door(coupon)).containsEntry(IssueKeys.DOOR_SOLD_OUT, "1");
		assertThat(this.client.issue(coupon, "3").problemType()).isEqualTo("sold-out");
	}

	@Test
	void shouldWriteTheWindowAgainWhenItAnswersNotOpen() {
		Instant starts = Instant.now().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS);
		long coupon = this.client
			.createCoupon("{\"name\":\"later\",\"totalQuantity\":5,\"issueStartsAt\":\"" + starts + "\"}");
		// Redis lost it: a coupon not open yet is never rebuilt, since no request of it reaches a decision.
		this.redisson.getKeys().delete(new IssueKeys(coupon).door());

		assertThat(this.client.issue(coupon, "1").problemType()).isEqualTo("not-open");

		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.ledger.door(coupon))
				.containsExactly(Map.entry(IssueKeys.DOOR_OPENS_AT, Long.toString(starts.toEpochMilli()))));
	}

}
