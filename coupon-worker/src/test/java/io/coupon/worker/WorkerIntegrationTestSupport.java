package io.coupon.worker;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.coupon.infra.TestInfrastructure;
import io.coupon.worker.persist.IssuedCouponRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One application context for every integration test, against the real MariaDB and KRaft broker of
 * {@link TestInfrastructure}. The worker connects as its own database account so that the outage tests can lock it
 * out; back-off and lock waits are shortened so that retries happen within seconds.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "coupon.retry.initial-interval=100ms", "coupon.retry.max-interval=1s",
				"spring.datasource.hikari.connection-timeout=1000",
				"spring.datasource.hikari.connection-init-sql=SET SESSION innodb_lock_wait_timeout = 1, lock_wait_timeout = 1",
				"logging.level.io.coupon.worker=DEBUG" })
abstract class WorkerIntegrationTestSupport {

	static final String TOPIC = "coupon.issued";

	static final String DEAD_LETTER_TOPIC = "coupon.issued.DLT";

	static final String LISTENER_ID = "coupon-issued-writer";

	static final String GROUP_ID = "coupon-worker";

	static final int PARTITIONS = 6;

	/** Marks the records a test produced, so that a test finds its own on the shared dead-letter topic. */
	static final String TEST_RUN_HEADER = "x-test-run";

	private static final AtomicLong couponIds = new AtomicLong(System.currentTimeMillis());

	static KafkaProducer<byte[], byte[]> producer;

	static Admin admin;

	@Autowired
	IssuedCouponRepository repository;

	@Autowired
	KafkaListenerEndpointRegistry listenerRegistry;

	@Autowired
	MeterRegistry meterRegistry;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", TestInfrastructure::jdbcUrl);
		registry.add("spring.datasource.username", () -> WorkerDatabase.WORKER_USER);
		registry.add("spring.datasource.password", WorkerDatabase::workerPassword);
		registry.add("spring.kafka.bootstrap-servers", TestInfrastructure::kafkaBootstrapServers);
	}

	@BeforeAll
	static void connectClients() {
		Properties producerConfig = new Properties();
		producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers());
		producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		producer = new KafkaProducer<>(producerConfig);
		admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
				TestInfrastructure.kafkaBootstrapServers()));
	}

	@AfterAll
	static void closeClients() {
		producer.close(Duration.ofSeconds(5));
		admin.close(Duration.ofSeconds(5));
	}

	static long newCouponId() {
		return couponIds.incrementAndGet();
	}

	static String newTestRun() {
		return UUID.randomUUID().toString();
	}

	/** A valid event as coupon-api publishes it, keyed by user id. */
	static ProducerRecord<byte[], byte[]> issued(long couponId, long userId, String testRun) {
		return issued(couponId, userId, testRun, null);
	}

	static ProducerRecord<byte[], byte[]> issued(long couponId, long userId, String testRun, Integer partition) {
		String value = """
				{"eventId":"%s","couponId":%d,"userId":%d,"acceptedAt":"%s","strategy":"lua","extra":"ignored"}"""
			.formatted(UUID.randomUUID(), couponId, userId, Instant.now());
		return record(partition, Long.toString(userId), value.getBytes(StandardCharsets.UTF_8), testRun);
	}

	static ProducerRecord<byte[], byte[]> record(Integer partition, String key, byte[] value, String testRun) {
		ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(TOPIC, partition,
				key.getBytes(StandardCharsets.UTF_8), value);
		record.headers().add(TEST_RUN_HEADER, testRun.getBytes(StandardCharsets.UTF_8));
		return record;
	}

	/** Sends the records (in order within each partition) and waits for every acknowledgement. */
	static List<RecordMetadata> send(List<ProducerRecord<byte[], byte[]>> records)
			throws InterruptedException, ExecutionException {
		List<Future<RecordMetadata>> futures = new ArrayList<>();
		for (ProducerRecord<byte[], byte[]> record : records) {
			futures.add(producer.send(record));
		}
		producer.flush();
		List<RecordMetadata> sent = new ArrayList<>();
		for (Future<RecordMetadata> future : futures) {
			sent.add(future.get());
		}
		return sent;
	}

	/**
	 * Sends the records while the listener is paused, so that they are all on the broker before the next poll and
	 * arrive together in as few batches as possible.
	 */
	List<RecordMetadata> sendAsOneBatch(List<ProducerRecord<byte[], byte[]>> records)
			throws InterruptedException, ExecutionException {
		pauseListener();
		try {
			return send(records);
		}
		finally {
			listenerContainer().resume();
		}
	}

	void pauseListener() {
		MessageListenerContainer container = listenerContainer();
		container.pause();
		Awaitility.await("listener paused")
			.atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(20))
			.until(container::isContainerPaused);
	}

	/** The lowest offset of the given records in each partition they went to. */
	static Map<TopicPartition, Long> firstOffsets(List<RecordMetadata> sent) {
		return sent.stream()
			.collect(Collectors.toMap((metadata) -> new TopicPartition(metadata.topic(), metadata.partition()),
					RecordMetadata::offset, Math::min));
	}

	static List<ProducerRecord<byte[], byte[]>> issuedToUsers(long couponId, int firstUser, int lastUser,
			String testRun) {
		return IntStream.rangeClosed(firstUser, lastUser).mapToObj((user) -> issued(couponId, user, testRun)).toList();
	}

	/** Reads the whole dead-letter topic with a plain consumer and keeps the records of one test run. */
	static List<ConsumerRecord<byte[], byte[]>> deadLettered(String testRun) {
		Properties config = new Properties();
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers());
		config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
		try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
			List<TopicPartition> partitions = IntStream.range(0, PARTITIONS)
				.mapToObj((partition) -> new TopicPartition(DEAD_LETTER_TOPIC, partition))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
			Awaitility.await("reading the dead-letter topic to its end")
				.atMost(Duration.ofSeconds(20))
				.pollDelay(Duration.ZERO)
				.pollInterval(Duration.ofMillis(10))
				.until(() -> {
					for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
						if (testRun.equals(header(record, TEST_RUN_HEADER))) {
							found.add(record);
						}
					}
					return partitions.stream().allMatch((partition) -> consumer.position(partition) >= end.get(partition));
				});
		}
		return found;
	}

	static String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	static byte[] headerBytes(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		assertThat(header).as("header %s", name).isNotNull();
		return header.value();
	}

	static int intHeader(ConsumerRecord<?, ?> record, String name) {
		return ByteBuffer.wrap(headerBytes(record, name)).getInt();
	}

	static long longHeader(ConsumerRecord<?, ?> record, String name) {
		return ByteBuffer.wrap(headerBytes(record, name)).getLong();
	}

	static Map<TopicPartition, Long> committedOffsets() throws InterruptedException, ExecutionException {
		Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP_ID)
			.partitionsToOffsetAndMetadata()
			.get();
		Map<TopicPartition, Long> offsets = new HashMap<>();
		committed.forEach((partition, offset) -> {
			if (partition.topic().equals(TOPIC) && offset != null) {
				offsets.put(partition, offset.offset());
			}
		});
		return offsets;
	}

	static Map<TopicPartition, Long> endOffsets() throws InterruptedException, ExecutionException {
		Map<TopicPartition, OffsetSpec> latest = IntStream.range(0, PARTITIONS)
			.mapToObj((partition) -> new TopicPartition(TOPIC, partition))
			.collect(Collectors.toMap((partition) -> partition, (partition) -> OffsetSpec.latest()));
		return admin.listOffsets(latest)
			.all()
			.get()
			.entrySet()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, (entry) -> entry.getValue().offset()));
	}

	/** The group's committed offset for each partition that holds records, absent if none is committed. */
	static Map<TopicPartition, Long> committedOffsetsOfNonEmptyPartitions()
			throws InterruptedException, ExecutionException {
		Map<TopicPartition, Long> committed = committedOffsets();
		Map<TopicPartition, Long> result = new HashMap<>();
		endOffsets().forEach((partition, end) -> {
			if (end > 0) {
				result.put(partition, committed.get(partition));
			}
		});
		return result;
	}

	/** Waits until the group has committed every record of the topic. */
	static void awaitAllCommitted() {
		Awaitility.await("the worker's group committed every partition up to its end offset")
			.atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.untilAsserted(() -> assertThat(committedOffsetsOfNonEmptyPartitions()).isEqualTo(nonEmptyEndOffsets()));
	}

	static Map<TopicPartition, Long> nonEmptyEndOffsets() throws InterruptedException, ExecutionException {
		Map<TopicPartition, Long> result = new HashMap<>(endOffsets());
		result.values().removeIf((end) -> end == 0);
		return result;
	}

	MessageListenerContainer listenerContainer() {
		MessageListenerContainer container = this.listenerRegistry.getListenerContainer(LISTENER_ID);
		assertThat(container).as("listener container %s", LISTENER_ID).isNotNull();
		return container;
	}

	/** Failed write attempts so far, as counted by the worker. */
	double writeFailures() {
		Counter counter = this.meterRegistry.find("coupon.worker.write.failures").counter();
		return (counter != null) ? counter.count() : 0;
	}

	/** Asserts that every (coupon, user) pair appears once, for exactly the given users. */
	void assertOneRowPerUser(long couponId, long... users) {
		List<Long> stored = this.repository.findByCouponId(couponId).stream().map((row) -> row.getUserId()).toList();
		assertThat(stored).as("rows of coupon %d: one per user, no user twice", couponId)
			.containsExactlyInAnyOrderElementsOf(Arrays.stream(users).boxed().toList());
	}

	static long[] users(int first, int last) {
		return IntStream.rangeClosed(first, last).asLongStream().toArray();
	}

}
