package io.coupon.api.issue;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.coupon.api.ledger.IssueKeys;
import io.coupon.api.support.HttpTestClient;
import io.coupon.api.support.RealInfrastructure;
import io.coupon.infra.TestInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
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

/**
 * R3, Redis loss is survivable, on real Redis, MariaDB and Kafka: a coupon whose Redis state is gone answers 503 while
 * a rebuild waits for the worker's consumer group to commit every earlier event, then issuing resumes from the rows in
 * MySQL, exactly up to the stock.
 * <p>
 * No worker runs here: the test plays it, with a consumer in the worker's group (a group of this test's own) that
 * writes the rows of this test's coupons and commits after writing them, as the worker does. Deleting one coupon's
 * keys stands for Redis restarting empty; a FLUSHALL would disturb the other tests that share this Redis.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "coupon.issue.publish-timeout=2s", "spring.kafka.producer.properties.delivery.timeout.ms=1500",
				"spring.kafka.producer.properties.request.timeout.ms=500", "coupon.rebuild.quiet-period=2s",
				"coupon.rebuild.lag-wait-timeout=30s", "coupon.rebuild.guard-ttl=40s",
				"coupon.issue.reconcile-interval=1h" })
class RedisRebuildIntegrationTests {

	private static final String WORKER_GROUP = "rebuild-tests-" + UUID.randomUUID();

	private static final String TOPIC = "coupon.issued";

	private static final JsonMapper json = JsonMapper.builder().build();

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		RealInfrastructure.register(registry);
		registry.add("coupon.rebuild.worker-group", () -> WORKER_GROUP);
	}

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	RedissonClient redisson;

	HttpTestClient client;

	@BeforeEach
	void client() {
		this.client = new HttpTestClient("http://127.0.0.1:" + this.port);
	}

	@Test
	void shouldRebuildFromTheRowsAndIssueExactlyUpToTheStock() {
		long coupon = this.client.createCoupon("{\"name\":\"rebuilt\",\"totalQuantity\":50}");
		for (int user = 101; user <= 120; user++) {
			assertThat(this.client.issue(coupon, Integer.toString(user)).status()).isEqualTo(201);
		}
		forgetRedisState(coupon);

		HttpTestClient.Response refused = this.client.issue(coupon, "201");
		assertThat(refused.status()).isEqualTo(503);
		assertThat(refused.problemType()).isEqualTo("unavailable");
		assertThat(refused.header("Retry-After")).isEqualTo("1");
		assertThat(refused.json().get("detail").asString()).contains("rebuild");

		runWorker(coupon);
		awaitGranted(coupon, "201");

		Set<String> rows = rowUsers(coupon);
		assertThat(rows).hasSize(20);
		Set<String> expected = new HashSet<>(rows);
		expected.add("201");
		assertThat(this.redisson.<String>getSet(new IssueKeys(coupon).users()).readAll())
			.as("the rebuilt user set holds the row users, then the first grant after the rebuild")
			.containsExactlyInAnyOrderElementsOf(expected);
		assertThat(issuedCounter(coupon)).as("the issued counter restarted from the row count").isEqualTo(21);
		assertThat(this.client.issue(coupon, "105").problemType()).isEqualTo("already-issued");

		int grantedAfterRebuild = 1;
		HttpTestClient.Response next = null;
		for (int user = 301; user <= 400; user++) {
			next = this.client.issue(coupon, Integer.toString(user));
			if (next.status() != 201) {
				break;
			}
			grantedAfterRebuild++;
		}
		assertThat(next.problemType()).as("the stock ran out before 100 more users").isEqualTo("sold-out");
		assertThat(rows.size() + grantedAfterRebuild)
			.as("I1: rows before the loss plus grants after the rebuild reach the stock and never pass it")
			.isEqualTo(50);
		assertThat(this.redisson.<String>getSet(new IssueKeys(coupon).users()).size()).isEqualTo(50);
	}

	@Test
	void shouldStayUnloadedUntilTheWorkerGroupHasCommittedEveryEarlierEvent() {
		long coupon = this.client.createCoupon("{\"name\":\"worker behind\",\"totalQuantity\":10}");
		assertThat(this.client.issue(coupon, "101").status()).isEqualTo(201);
		forgetRedisState(coupon);
		IssueKeys keys = new IssueKeys(coupon);

		assertThat(this.client.issue(coupon, "102").status()).isEqualTo(503);
		// Twice the quiet period: the rebuild now waits for the group, which has not committed user 101's event.
		await().during(Duration.ofSeconds(4))
			.atMost(Duration.ofSeconds(10))
			.until(() -> this.client.issue(coupon, "102").status() == 503);
		assertThat(this.redisson.getBucket(keys.rebuildGuard()).isExists()).as("a rebuild is under way").isTrue();
		assertThat(this.redisson.getBucket(keys.stock()).isExists()).isFalse();

		runWorker(coupon);
		awaitGranted(coupon, "102");

		assertThat(this.redisson.<String>getSet(keys.users()).readAll()).containsExactlyInAnyOrder("101", "102");
		assertThat(issuedCounter(coupon)).isEqualTo(2);
		assertThat(this.client.issue(coupon, "101").problemType()).isEqualTo("already-issued");
		assertThat(this.redisson.getBucket(keys.rebuildGuard()).isExists()).as("the guard was released").isFalse();
	}

	private void awaitGranted(long coupon, String user) {
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			HttpTestClient.Response response = this.client.issue(coupon, user);
			assertThat(response.status()).as("refused while rebuilding, then granted").isIn(201, 503);
			return response.status() == 201;
		});
	}

	/** What Redis restarting empty does to this coupon. */
	private void forgetRedisState(long coupon) {
		IssueKeys keys = new IssueKeys(coupon);
		this.redisson.getKeys().delete(keys.stock(), keys.issued(), keys.users(), keys.pending());
	}

	/**
	 * The worker's job: reads the topic up to its current end as the worker's group, writes the rows of the given
	 * coupon (the other tests' coupons are theirs) with the worker's idempotent insert, then commits.
	 */
	private void runWorker(long coupon) {
		Properties config = new Properties();
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers());
		config.put(ConsumerConfig.GROUP_ID_CONFIG, WORKER_GROUP);
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
				new StringDeserializer())) {
			List<TopicPartition> partitions = consumer.partitionsFor(TOPIC)
				.stream()
				.map((info) -> new TopicPartition(TOPIC, info.partition()))
				.toList();
			consumer.assign(partitions);
			Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
			await().atMost(Duration.ofSeconds(30)).pollInSameThread().until(() -> {
				for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
					JsonNode event = json.readTree(record.value());
					if (event.get("couponId").asLong() == coupon) {
						writeRow(coupon, event.get("userId").asLong(),
								Instant.parse(event.get("acceptedAt").asString()));
					}
				}
				return partitions.stream().allMatch((partition) -> consumer.position(partition) >= end.get(partition));
			});
			Map<TopicPartition, OffsetAndMetadata> written = new HashMap<>();
			partitions.forEach((partition) -> written.put(partition, new OffsetAndMetadata(consumer.position(partition))));
			consumer.commitSync(written);
		}
	}

	private void writeRow(long coupon, long user, Instant acceptedAt) {
		this.jdbc
			.sql("INSERT INTO issued_coupon (coupon_id, user_id, accepted_at, persisted_at) VALUES (?, ?, ?, ?) "
					+ "ON DUPLICATE KEY UPDATE id = id")
			.params(coupon, user, Timestamp.from(acceptedAt), Timestamp.from(Instant.now()))
			.update();
	}

	private Set<String> rowUsers(long coupon) {
		return this.jdbc.sql("SELECT user_id FROM issued_coupon WHERE coupon_id = ?")
			.param(coupon)
			.query(Long.class)
			.list()
			.stream()
			.map(String::valueOf)
			.collect(Collectors.toSet());
	}

	private long issuedCounter(long coupon) {
		return Long.parseLong((String) this.redisson.getBucket(new IssueKeys(coupon).issued()).get());
	}

}
