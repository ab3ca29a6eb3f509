package io.coupon.lab.chaos;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What the database fault checks in Kafka: how many records the dead-letter topic holds (an outage must add none),
 * and that a malformed record does reach it, with the headers that say why.
 */
final class DeadLetterProbe {

	static final String TOPIC = "coupon.issued";

	static final String DEAD_LETTER_TOPIC = TOPIC + ".DLT";

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final String bootstrapServers;

	DeadLetterProbe(String bootstrapServers) {
		this.bootstrapServers = bootstrapServers;
	}

	/** The records ever written to the dead-letter topic: the sum of its partitions' end offsets (0 if absent). */
	long deadLetterCount() {
		try (Admin admin = Admin.create(adminProperties())) {
			Map<String, TopicDescription> topics;
			if (!admin.listTopics().names().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).contains(DEAD_LETTER_TOPIC)) {
				return 0;
			}
			topics = admin.describeTopics(List.of(DEAD_LETTER_TOPIC)).allTopicNames().get(TIMEOUT.toSeconds(),
					TimeUnit.SECONDS);
			Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
			topics.get(DEAD_LETTER_TOPIC)
				.partitions()
				.forEach((partition) -> latest.put(new TopicPartition(DEAD_LETTER_TOPIC, partition.partition()),
						OffsetSpec.latest()));
			Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> offsets = admin.listOffsets(latest)
				.all()
				.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			return offsets.values().stream().mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Could not read the end offsets of " + DEAD_LETTER_TOPIC + ": " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	/**
	 * Publishes a record that is not a CouponIssued event to the events topic and waits up to {@code wait} for it on
	 * the dead-letter topic; returns the exception header the worker attached, if the record arrived.
	 */
	Optional<String> sendMalformedAndAwaitDeadLetter(Duration wait) {
		String marker = "chaos-malformed-" + UUID.randomUUID();
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProperties())) {
			List<TopicPartition> partitions = consumer.partitionsFor(DEAD_LETTER_TOPIC, TIMEOUT)
				.stream()
				.map((info) -> new TopicPartition(DEAD_LETTER_TOPIC, info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToEnd(partitions);
			partitions.forEach(consumer::position);
			try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties())) {
				producer.send(new ProducerRecord<>(TOPIC, marker, "{not a coupon event: " + marker))
					.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			}
			long deadline = System.nanoTime() + wait.toNanos();
			while (System.nanoTime() < deadline) {
				for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
					if (marker.equals(record.key())) {
						Header message = record.headers().lastHeader("kafka_dlt-exception-message");
						Header topic = record.headers().lastHeader("kafka_dlt-original-topic");
						return Optional.of(((topic != null) ? "from " + text(topic) + ": " : "")
								+ ((message != null) ? text(message) : "(no exception header)"));
					}
				}
			}
			return Optional.empty();
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Could not publish the malformed record: " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	private static String text(Header header) {
		return new String(header.value(), StandardCharsets.UTF_8);
	}

	private Properties adminProperties() {
		Properties properties = new Properties();
		properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers);
		properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
		properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
		return properties;
	}

	private Properties consumerProperties() {
		Properties properties = new Properties();
		properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers);
		properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
		properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
		properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		return properties;
	}

	private Properties producerProperties() {
		Properties properties = new Properties();
		properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers);
		properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
		properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
		return properties;
	}

}
