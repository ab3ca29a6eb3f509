package io.coupon.lab.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.coupon.infra.RespClient;

/**
 * Reads Redis for the fault runs (the whole keyspace, to fingerprint it; a lock's holder and expiry): the lab has no
 * Redis client library of its own and needs none for a few read-only commands.
 */
final class RedisProbe implements AutoCloseable {

	private final RespClient client;

	RedisProbe(String redisUrl) {
		URI uri = URI.create(redisUrl);
		try {
			this.client = new RespClient(uri.getHost(), (uri.getPort() > 0) ? uri.getPort() : 6379);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not connect to Redis at " + redisUrl, ex);
		}
	}

	/** The gateway's rate-limit buckets: traffic accounting that expires by itself, not the sale's state. */
	static final String RATE_LIMIT_PREFIX = "gateway:rate:";

	/**
	 * Every key of the sale's state with its type and content: a string's value, a set's members, a hash's fields and
	 * values (sorted, so that two fingerprints of the same data are equal). The gateway's rate-limit buckets, which
	 * every request touches, are left out.
	 */
	Map<String, String> keyspace() {
		Map<String, String> keys = new TreeMap<>();
		String cursor = "0";
		do {
			List<?> page = (List<?>) command("SCAN", cursor, "COUNT", "1000");
			cursor = (String) page.get(0);
			for (Object key : (List<?>) page.get(1)) {
				String name = (String) key;
				if (!name.startsWith(RATE_LIMIT_PREFIX)) {
					keys.put(name, describe(name));
				}
			}
		}
		while (!cursor.equals("0"));
		return keys;
	}

	/** The key's remaining time to live in milliseconds; negative if it has none or does not exist. */
	long pttl(String key) {
		return (Long) command("PTTL", key);
	}

	/** The fields of a hash; empty if the key does not exist. */
	List<String> hashFields(String key) {
		List<String> fields = new ArrayList<>();
		((List<?>) command("HKEYS", key)).forEach((field) -> fields.add(String.valueOf(field)));
		return fields;
	}

	private String describe(String key) {
		String type = (String) command("TYPE", key);
		Object content = switch (type) {
			case "string" -> command("GET", key);
			case "set" -> sorted(command("SMEMBERS", key));
			case "hash" -> sorted(pairs(command("HGETALL", key)));
			case "list" -> command("LRANGE", key, "0", "-1");
			case "zset" -> command("ZRANGE", key, "0", "-1", "WITHSCORES");
			default -> "?";
		};
		return type + " " + content;
	}

	/** HGETALL's field, value, field, value... as "field=value" entries. */
	private static List<String> pairs(Object reply) {
		List<?> flat = (List<?>) reply;
		List<String> pairs = new ArrayList<>();
		for (int i = 0; i + 1 < flat.size(); i += 2) {
			pairs.add(flat.get(i) + "=" + flat.get(i + 1));
		}
		return pairs;
	}

	private static List<String> sorted(Object reply) {
		List<String> values = new ArrayList<>();
		((List<?>) reply).forEach((value) -> values.add(String.valueOf(value)));
		values.sort(null);
		return values;
	}

	private Object command(String... args) {
		try {
			return this.client.call(args);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Redis command " + args[0] + " failed", ex);
		}
	}

	@Override
	public void close() {
		try {
			this.client.close();
		}
		catch (IOException ex) {
			// Only read: a failed close loses nothing.
		}
	}

}
