package io.coupon.api;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;

import io.coupon.api.support.HttpTestClient;
import io.coupon.api.support.RealInfrastructure;
import io.coupon.infra.TestInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The HTTP API on real Redis, MariaDB and Kafka: every endpoint and every problem type. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CouponApiIntegrationTests {

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		RealInfrastructure.register(registry);
	}

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	HttpTestClient client;

	@BeforeEach
	void client() {
		this.client = new HttpTestClient("http://127.0.0.1:" + this.port);
	}

	@Test
	void shouldCreateAndDescribeACoupon() {
		HttpTestClient.Response created = this.client.post("/api/v1/coupons", "application/json",
				"{\"name\":\"flash sale\",\"totalQuantity\":10000}", Map.of());
		assertThat(created.status()).isEqualTo(201);
		long id = created.json().get("id").asLong();
		assertThat(created.header("Location")).isEqualTo("/api/v1/coupons/" + id);
		assertThat(created.header("X-Instance-Id")).startsWith("coupon-api:");

		JsonNode coupon = this.client.get("/api/v1/coupons/" + id).json();
		assertThat(coupon.get("name").asString()).isEqualTo("flash sale");
		assertThat(coupon.get("totalQuantity").asInt()).isEqualTo(10000);
		assertThat(coupon.get("issuedQuantity").asLong()).isZero();
		assertThat(coupon.get("remainingQuantity").asLong()).isEqualTo(10000);
		assertThat(this.jdbc.sql("SELECT total_quantity FROM coupon WHERE id = ?").param(id).query(Integer.class).single())
			.isEqualTo(10000);
	}

	@Test
	void shouldIssueOncePublishTheEventAndRefuseARepeat() {
		long coupon = this.client.createCoupon("{\"name\":\"once\",\"totalQuantity\":5}");
		long user = 4_000_000_000L + coupon;

		HttpTestClient.Response issued = this.client.issue(coupon, Long.toString(user));
		assertThat(issued.status()).isEqualTo(201);
		assertThat(issued.json().get("couponId").asLong()).isEqualTo(coupon);
		assertThat(issued.json().get("userId").asLong()).isEqualTo(user);
		assertThat(issued.json().get("position").asLong()).isEqualTo(1);
		assertThat(issued.header("Location")).isEqualTo("/api/v1/coupons/" + coupon + "/issues/" + user);

		HttpTestClient.Response repeat = this.client.issue(coupon, Long.toString(user));
		assertThat(repeat.status()).isEqualTo(409);
		assertThat(repeat.header("Content-Type")).startsWith("application/problem+json");
		assertThat(repeat.problemType()).isEqualTo("already-issued");

		ConsumerRecord<String, String> event = awaitEvent(coupon, user);
		assertThat(event.key()).isEqualTo(Long.toString(user));
		JsonNode body = JsonMapper.builder().build().readTree(event.value());
		assertThat(body.get("eventId").asString()).hasSize(36);
		assertThat(body.get("strategy").asString()).isEqualTo("lua");
		assertThat(Instant.parse(body.get("acceptedAt").asString())).isBefore(Instant.now().plusSeconds(1));

		assertThat(this.client.get("/api/v1/coupons/" + coupon).json().get("issuedQuantity").asLong()).isOne();
	}

	@Test
	void shouldAnswerSoldOutOnceTheStockIsGone() {
		long coupon = this.client.createCoupon("{\"name\":\"two\",\"totalQuantity\":2}");
		assertThat(this.client.issue(coupon, "11").status()).isEqualTo(201);
		assertThat(this.client.issue(coupon, "12").status()).isEqualTo(201);
		HttpTestClient.Response third = this.client.issue(coupon, "13");
		assertThat(third.status()).isEqualTo(409);
		assertThat(third.problemType()).isEqualTo("sold-out");
		assertThat(this.client.get("/api/v1/coupons/" + coupon).json().get("remainingQuantity").asLong()).isZero();
	}

	@Test
	void shouldRefuseIssuingOutsideTheWindow() {
		Instant start = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MICROS);
		long later = this.client.createCoupon("{\"name\":\"later\",\"totalQuantity\":5,\"issueStartsAt\":\"" + start
				+ "\",\"issueEndsAt\":\"" + start.plus(Duration.ofHours(1)) + "\"}");
		HttpTestClient.Response early = this.client.issue(later, "21");
		assertThat(early.status()).isEqualTo(409);
		assertThat(early.problemType()).isEqualTo("not-open");

		// A window that has already ended is refused at creation: this one ends a moment after it.
		Instant end = Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.MICROS);
		long over = this.client.createCoupon("{\"name\":\"over\",\"totalQuantity\":5,\"issueEndsAt\":\"" + end + "\"}");
		await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(end));
		assertThat(this.client.issue(over, "21").problemType()).isEqualTo("not-open");
		assertThat(this.client.get("/api/v1/coupons/" + later).json().get("issuedQuantity").asLong()).isZero();
	}

	@Test
	void shouldReportPendingThenIssuedThenNotFound() {
		long coupon = this.client.createCoupon("{\"name\":\"status\",\"totalQuantity\":5}");
		assertThat(this.client.issue(coupon, "31").status()).isEqualTo(201);
		String status = "/api/v1/coupons/" + coupon + "/issues/31";
		// No worker runs in this test: the row appears only when written here, as the worker would.
		assertThat(this.client.get(status).json().get("status").asString()).isEqualTo("PENDING");
		this.jdbc.sql("INSERT INTO issued_coupon (coupon_id, user_id, accepted_at, persisted_at) VALUES (?, 31, ?, ?)")
			.params(coupon, java.sql.Timestamp.from(Instant.now()), java.sql.Timestamp.from(Instant.now()))
			.update();
		assertThat(this.client.get(status).json().get("status").asString()).isEqualTo("ISSUED");

		HttpTestClient.Response none = this.client.get("/api/v1/coupons/" + coupon + "/issues/32");
		assertThat(none.status()).isEqualTo(404);
		assertThat(none.problemType()).isEqualTo("issue-not-found");
	}

	@Test
	void shouldAnswerNotFoundForAnUnknownCoupon() {
		assertThat(this.client.issue(987_654_321L, "1").problemType()).isEqualTo("coupon-not-found");
		HttpTestClient.Response get = this.client.get("/api/v1/coupons/987654321");
		assertThat(get.status()).isEqualTo(404);
		assertThat(get.problemType()).isEqualTo("coupon-not-found");
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "-5", "abc", "1.5", "9223372036854775808", "0042" })
	void shouldRejectAMalformedUserIdAndChangeNothing(String userId) {
		long coupon = this.client.createCoupon("{\"name\":\"bad ids\",\"totalQuantity\":5}");
		HttpTestClient.Response response = this.client.issue(coupon, userId);
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.problemType()).isEqualTo("invalid-request");
		assertThat(this.client.get("/api/v1/coupons/" + coupon).json().get("issuedQuantity").asLong()).isZero();
	}

	@Test
	void shouldRequireTheUserHeader() {
		long coupon = this.client.createCoupon("{\"name\":\"no header\",\"totalQuantity\":5}");
		HttpTestClient.Response response = this.client.issue(coupon, null);
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("detail").asString()).contains("X-USER-ID");
	}

	@Test
	void shouldAnswerWrongMethodsAndMediaTypesWithProblems() {
		HttpTestClient.Response method = this.client.method("DELETE", "/api/v1/coupons/1/issue");
		assertThat(method.status()).isEqualTo(405);
		assertThat(method.problemType()).isEqualTo("method-not-allowed");

		HttpTestClient.Response media = this.client.post("/api/v1/coupons", "text/plain", "name=x", Map.of());
		assertThat(media.status()).isEqualTo(415);
		assertThat(media.problemType()).isEqualTo("unsupported-media-type");
	}

	@Test
	void shouldNameTheReplicaThatAnswered() {
		HttpTestClient.Response instance = this.client.get("/api/v1/instance");
		assertThat(instance.status()).isEqualTo(200);
		assertThat(instance.json().get("instanceId").asString()).isEqualTo(instance.header("X-Instance-Id"));
	}

	@Test
	void shouldExposeIssuanceMetricsToPrometheusTaggedWithTheReplica() {
		long coupon = this.client.createCoupon("{\"name\":\"metrics\",\"totalQuantity\":5}");
		HttpTestClient.Response issued = this.client.issue(coupon, "71");
		assertThat(issued.status()).isEqualTo(201);
		String instance = "instance=\"" + issued.header("X-Instance-Id") + "\"";

		// The request timer is recorded once the response is complete, possibly after the client has it.
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			HttpTestClient.Response scrape = this.client.get("/actuator/prometheus");
			assertThat(scrape.status()).isEqualTo(200);
			List<String> lines = scrape.body().lines().toList();
			assertThat(sample(lines, "coupon_issue_outcomes_total{", "outcome=\"granted\"", "strategy=\"lua\"",
					"application=\"coupon-api\"", instance))
				.isGreaterThanOrEqualTo(1);
			assertThat(sample(lines, "coupon_issue_decision_seconds_bucket{", "strategy=\"lua\"", "le=\"+Inf\"",
					instance))
				.isGreaterThanOrEqualTo(1);
			assertThat(sample(lines, "coupon_issue_publish_seconds_count{", "result=\"accepted\"", instance))
				.isGreaterThanOrEqualTo(1);
			assertThat(sample(lines, "http_server_requests_seconds_bucket{", "uri=\"/api/v1/coupons/{couponId}/issue\"",
					"status=\"201\"", "le=\"+Inf\"", instance))
				.isGreaterThanOrEqualTo(1);
		});
		for (String closed : List.of("/actuator/env", "/actuator/beans", "/actuator/metrics")) {
			assertThat(this.client.get(closed).status()).as(closed).isEqualTo(404);
		}
	}

	/** The value of the first sample of the scrape whose name and labels start with the prefix and hold the labels. */
	private static double sample(List<String> scrape, String prefix, String... labels) {
		String line = scrape.stream()
			.filter((candidate) -> candidate.startsWith(prefix) && Stream.of(labels).allMatch(candidate::contains))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No sample " + prefix + " with " + List.of(labels)));
		return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
	}

	private ConsumerRecord<String, String> awaitEvent(long couponId, long userId) {
		Properties config = new Properties();
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers());
		config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
				new StringDeserializer())) {
			consumer.subscribe(List.of("coupon.issued"));
			ConsumerRecord<String, String>[] found = new ConsumerRecord[1];
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
					if (record.value().contains("\"couponId\":" + couponId + ",")
							&& record.key().equals(Long.toString(userId))) {
						found[0] = record;
					}
				}
				return found[0] != null;
			});
			return found[0];
		}
	}

}
