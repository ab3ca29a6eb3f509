package io.coupon.lab.chaos;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * The end offset of every partition of the broker's topics: how many records each has ever received. The fault runs
 * compare them before and after, to see what was written.
 */
final class KafkaEndOffsets {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private KafkaEndOffsets() {
	}

	/**
	 * @param topics which of the broker's (non-internal) topics to read
	 * @return "topic-partition" to end offset, sorted; empty when no topic matches
	 */
	static Map<String, Long> of(String bootstrapServers, Predicate<String> topics) {
		Properties properties = new Properties();
		properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
		properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
		try (Admin admin = Admin.create(properties)) {
			Set<String> names = new HashSet<>(admin.listTopics().names().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
			names.removeIf(topics.negate());
			Map<String, Long> offsets = new TreeMap<>();
			if (names.isEmpty()) {
				return offsets;
			}
			Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
			admin.describeTopics(names)
				.allTopicNames()
				.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
				.forEach((topic, description) -> description.partitions()
					.forEach((partition) -> latest.put(new TopicPartition(topic, partition.partition()),
							OffsetSpec.latest())));
			admin.listOffsets(latest)
				.all()
				.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
				.forEach((partition, info) -> offsets.put(partition.toString(), info.offset()));
			return offsets;
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Could not read Kafka's end offsets: " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

}
