package io.coupon.api.issue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;

import io.coupon.api.support.CouponProperties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * How far coupon-worker has written the issued-events topic into MySQL, read from its consumer group's committed
 * offsets. The worker commits a batch's offsets only after its database transaction committed, so an event below a
 * committed offset is a row.
 * <p>
 * The admin client is created on first use: rebuilds are rare, and a replica that never rebuilds needs no second
 * client connection to the brokers.
 */
@Component
class WorkerProgress {

	private final KafkaAdmin kafkaAdmin;

	private final String topic;

	private final String group;

	private Admin admin;

	WorkerProgress(KafkaAdmin kafkaAdmin, CouponProperties properties) {
		this.kafkaAdmin = kafkaAdmin;
		this.topic = properties.topic().name();
		this.group = properties.rebuild().workerGroup();
	}

	String group() {
		return this.group;
	}

	/** The end offset of every partition of the topic: the position just after the last event published so far. */
	Map<TopicPartition, Long> endOffsets(Duration timeout) throws InterruptedException {
		List<TopicPartition> partitions = get(admin().describeTopics(List.of(this.topic)).allTopicNames(), timeout)
			.get(this.topic)
			.partitions()
			.stream()
			.map((partition) -> new TopicPartition(this.topic, partition.partition()))
			.toList();
		return offsets(partitions, OffsetSpec.latest(), timeout);
	}

	/** How many of the events below {@code targets} the worker's group has not committed yet; 0 when all are rows. */
	long uncommitted(Map<TopicPartition, Long> targets, Duration timeout) throws InterruptedException {
		Map<TopicPartition, Long> earliest = offsets(targets.keySet(), OffsetSpec.earliest(), timeout);
		Map<TopicPartition, OffsetAndMetadata> committed = get(
				admin().listConsumerGroupOffsets(this.group).partitionsToOffsetAndMetadata(), timeout);
		return uncommitted(targets, earliest, committed);
	}

	/**
	 * The worker starts a partition at its committed offset, or at the earliest one when it has none or when
	 * retention deleted the records below it ({@code auto.offset.reset=earliest}); what lies between there and the
	 * target is still to be written. So a partition with no committed offset counts as done when it holds no record.
	 */
	static long uncommitted(Map<TopicPartition, Long> targets, Map<TopicPartition, Long> earliest,
			Map<TopicPartition, OffsetAndMetadata> committed) {
		long uncommitted = 0;
		for (Map.Entry<TopicPartition, Long> target : targets.entrySet()) {
			long start = earliest.getOrDefault(target.getKey(), 0L);
			OffsetAndMetadata offset = committed.get(target.getKey());
			if (offset != null) {
				start = Math.max(start, offset.offset());
			}
			uncommitted += Math.max(0, target.getValue() - start);
		}
		return uncommitted;
	}

	@PreDestroy
	synchronized void close() {
		if (this.admin != null) {
			this.admin.close(Duration.ofSeconds(2));
		}
	}

	private Map<TopicPartition, Long> offsets(Iterable<TopicPartition> partitions, OffsetSpec spec, Duration timeout)
			throws InterruptedException {
		Map<TopicPartition, OffsetSpec> request = new HashMap<>();
		partitions.forEach((partition) -> request.put(partition, spec));
		Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> answer = get(admin().listOffsets(request).all(),
				timeout);
		Map<TopicPartition, Long> offsets = new HashMap<>();
		answer.forEach((partition, info) -> offsets.put(partition, info.offset()));
		return offsets;
	}

	private synchronized Admin admin() {
		if (this.admin == null) {
			this.admin = Admin.create(this.kafkaAdmin.getConfigurationProperties());
		}
		return this.admin;
	}

	private static <T> T get(KafkaFuture<T> future, Duration timeout) throws InterruptedException {
		try {
			return future.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof RuntimeException cause) ? cause : new KafkaException(ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new org.apache.kafka.common.errors.TimeoutException("Kafka did not answer within " + timeout, ex);
		}
	}

}
