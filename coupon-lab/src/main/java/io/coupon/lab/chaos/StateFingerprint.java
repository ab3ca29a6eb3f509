package io.coupon.lab.chaos;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.coupon.lab.RunningSuite;

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

	static StateFingerprint of(RunningSuite suite) {
		Map<String, String> redis;
		try (RedisProbe probe = new RedisProbe(suite.redisUrl())) {
			redis = probe.keyspace();
		}
		return new StateFingerprint(redis, KafkaEndOffsets.of(suite.kafkaBootstrapServers(), (topic) -> true),
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
