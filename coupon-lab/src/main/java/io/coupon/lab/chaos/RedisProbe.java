package io.coupon.lab.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * Reads Redis for the fault runs (the whole keyspace, to fingerprint it; a lock's holder and expiry), through Lettuce,
 * so that any URL the lab accepts works here too: a password ({@code redis://:secret@host}), a user, TLS
 * ({@code rediss://}), a database number.
 */
final class RedisProbe implements AutoCloseable {

	/** The gateway's rate-limit buckets: traffic accounting that expires by itself, not the sale's state. */
	static final String RATE_LIMIT_PREFIX = "gateway:rate:";

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final RedisClient client;

	private final StatefulRedisConnection<String, String> connection;

	private final RedisCommands<String, String> redis;

	/** @throws IllegalStateException if Redis cannot be reached or refuses the URL's credentials */
	RedisProbe(String redisUrl) {
		RedisURI uri = RedisURI.create(redisUrl);
		uri.setTimeout(TIMEOUT);
		this.client = RedisClient.create(uri);
		StatefulRedisConnection<String, String> connected = null;
		try {
			connected = this.client.connect();
			// A wrong or missing password may only show on the first command: fail here, where the URL is known.
			connected.sync().ping();
		}
		catch (RedisException ex) {
			if (connected != null) {
				connected.close();
			}
			shutdown();
			throw new IllegalStateException("Could not read Redis at " + redacted(uri) + ": " + reason(ex), ex);
		}
		this.connection = connected;
		this.redis = connected.sync();
	}

	/**
	 * Every key of the sale's state with its type and content: a string's value, a set's members, a hash's fields and
	 * values (sorted, so that two fingerprints of the same data are equal). The gateway's rate-limit buckets, which
	 * every request touches, are left out.
	 */
	Map<String, String> keyspace() {
		Map<String, String> keys = new TreeMap<>();
		ScanCursor cursor = ScanCursor.INITIAL;
		do {
			KeyScanCursor<String> page = this.redis.scan(cursor, ScanArgs.Builder.limit(1000));
			for (String name : page.getKeys()) {
				if (!name.startsWith(RATE_LIMIT_PREFIX)) {
					keys.put(name, describe(name));
				}
			}
			cursor = page;
		}
		while (!cursor.isFinished());
		return keys;
	}

	/** The key's remaining time to live in milliseconds; negative if it has none or does not exist. */
	long pttl(String key) {
		return this.redis.pttl(key);
	}

	/** The fields of a hash; empty if the key does not exist. */
	List<String> hashFields(String key) {
		return this.redis.hkeys(key);
	}

	private String describe(String key) {
		String type = this.redis.type(key);
		Object content = switch (type) {
			case "string" -> this.redis.get(key);
			case "set" -> sorted(new ArrayList<>(this.redis.smembers(key)));
			case "hash" -> sorted(pairs(this.redis.hgetall(key)));
			case "list" -> this.redis.lrange(key, 0, -1);
			case "zset" -> this.redis.zrangeWithScores(key, 0, -1)
				.stream()
				.map((scored) -> scored.getValue() + "=" + scored.getScore())
				.toList();
			default -> "?";
		};
		return type + " " + content;
	}

	/** A hash's entries as "field=value". */
	private static List<String> pairs(Map<String, String> hash) {
		List<String> pairs = new ArrayList<>();
		hash.forEach((field, value) -> pairs.add(field + "=" + value));
		return pairs;
	}

	private static List<String> sorted(List<String> values) {
		values.sort(null);
		return values;
	}

	/** The innermost cause's message: Lettuce wraps a refused password in "Unable to connect". */
	private static String reason(Throwable failure) {
		Throwable cause = failure;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return (cause.getMessage() != null) ? cause.getMessage() : cause.toString();
	}

	/** The URL without its password, for messages. */
	private static String redacted(RedisURI uri) {
		return (uri.isSsl() ? "rediss://" : "redis://") + uri.getHost() + ":" + uri.getPort();
	}

	@Override
	public void close() {
		this.connection.close();
		shutdown();
	}

	private void shutdown() {
		// Only read: nothing is pending, so no quiet period is needed before the client's threads stop.
		this.client.shutdown(Duration.ZERO, TIMEOUT);
	}

}
