package io.coupon.lab.chaos;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.coupon.lab.RunningSuite;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * The suite's whole state at one moment, to prove that a request changed nothing: every Redis key with its content,
 * the end offset of every Kafka partition, and the row count and checksum of every MySQL table the services write.
 *
 * @param redis key to type and content
 * @param kafka topic-partition to end offset
 * @param mysql table to "rows checksum"
 */
record StateFingerprint(Map<String, String> redis, Map<String, Long> kafka, Map<String, String> mysql) {

	static final List<String> TABLES = List.of("coupon", "issued_coupon");

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	static StateFingerprint of(RunningSuite suite) {
		Map<String, String> redis;
		try (RedisProbe probe = new RedisProbe(suite.redisUrl())) {
			redis = probe.keyspace();
		}
		return new StateFingerprint(redis, endOffsets(suite.kafkaBootstrapServers()),
				tables(suite.jdbcUrl(), suite.dbUsername(), suite.dbPassword()));
	}

	/** What differs from {@code other}, or "none". */
	String difference(StateFingerprint other) {
		List<String> differences = new ArrayList<>();
		compare("redis", this.redis, other.redis, differences);
		compare("kafka", this.kafka, other.kafka, differences);
		compare("mysql", this.mysql, other.mysql, differences);
		return differences.isEmpty() ? "none" : String.join("; ", differences);
	}

	private static <V> void compare(String store, Map<String, V> before, Map<String, V> after,
			List<String> differences) {
		Set<String> keys = new TreeSet<>(before.keySet());
		keys.addAll(after.keySet());
		for (String key : keys) {
			V was = before.get(key);
			V is = after.get(key);
			if (was == null || !was.equals(is)) {
				differences.add(store + " " + key + ": " + abbreviate(was) + " -> " + abbreviate(is));
			}
		}
	}

	private static String abbreviate(Object value) {
		String text = String.valueOf(value);
		return (text.length() > 80) ? text.substring(0, 80) + "..." : text;
	}

	@Override
	public String toString() {
		return String.format("redis %d keys, kafka %s, mysql %s", this.redis.size(), this.kafka, this.mysql);
	}

	private static Map<String, Long> endOffsets(String bootstrapServers) {
		Properties properties = new Properties();
		properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
		properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
		try (Admin admin = Admin.create(properties)) {
			Set<String> topics = admin.listTopics().names().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
			admin.describeTopics(topics)
				.allTopicNames()
				.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
				.forEach((topic, description) -> description.partitions()
					.forEach((partition) -> latest.put(new TopicPartition(topic, partition.partition()),
							OffsetSpec.latest())));
			Map<String, Long> offsets = new TreeMap<>();
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

	private static Map<String, String> tables(String jdbcUrl, String username, String password) {
		Map<String, String> tables = new TreeMap<>();
		try (Connection connection = DriverManager.getConnection(jdbcUrl, username, password);
				Statement statement = connection.createStatement()) {
			for (String table : TABLES) {
				long rows;
				try (ResultSet result = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
					result.next();
					rows = result.getLong(1);
				}
				try (ResultSet result = statement.executeQuery("CHECKSUM TABLE " + table)) {
					result.next();
					tables.put(table, rows + " rows, checksum " + result.getLong(2));
				}
			}
			return tables;
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not read the tables from " + jdbcUrl, ex);
		}
	}

}
