package io.coupon.lab.chaos;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
		return KafkaEndOffsets.of(this.bootstrapServers, DEAD_LETTER_TOPIC::equals)
			.values()
			.stream()
			.mapToLong(Long::longValue)
			.sum();
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
