package io.coupon.lab;

import java.util.List;
import java.util.Map;

/**
 * Parses the options of {@code ./coupon up}. Each external server can also come from the
 * environment; a flag wins over its variable.
 */
final class CliArguments {

	static final String UP_USAGE = """
			  up [--replicas N] [--strategy lua|lock|fair-lock|set-incr] [--publish acks|fire-and-forget]
			     [--redis URL] [--mysql JDBC_URL [--mysql-user U] [--mysql-password P]] [--kafka BOOTSTRAP]
			     [--infra-only]
			      Start the suite in the background and return once the gateway routes to every replica.
			      External servers replace the embedded ones; also from COUPON_REDIS_URL, COUPON_JDBC_URL,
			      COUPON_DB_USERNAME, COUPON_DB_PASSWORD, COUPON_KAFKA_BOOTSTRAP.
			      --infra-only starts Redis, MariaDB and Kafka only (to run the services from an IDE).""";

	private CliArguments() {
	}

	static SuiteOptions parseUp(List<String> args, Map<String, String> env, SuiteOptions defaults) {
		SuiteOptions options = defaults;
		String redis = env.get("COUPON_REDIS_URL");
		String jdbc = env.get("COUPON_JDBC_URL");
		String user = env.get("COUPON_DB_USERNAME");
		String password = env.get("COUPON_DB_PASSWORD");
		String kafka = env.get("COUPON_KAFKA_BOOTSTRAP");
		boolean credentialFlags = false;
		for (int i = 0; i < args.size(); i++) {
			String arg = args.get(i);
			String name = arg;
			String value = null;
			int equals = arg.indexOf('=');
			if (arg.startsWith("--") && equals > 0) {
				name = arg.substring(0, equals);
				value = arg.substring(equals + 1);
			}
			if (name.equals("--infra-only")) {
				if (value != null) {
					throw new IllegalArgumentException("--infra-only takes no value");
				}
				options = options.withInfrastructureOnly(true);
				continue;
			}
			if (value == null) {
				if (i + 1 >= args.size()) {
					throw new IllegalArgumentException("Missing value for " + name);
				}
				value = args.get(++i);
			}
			switch (name) {
				case "--replicas" -> options = options.withReplicas(positive(name, value));
				case "--strategy" -> options = options.withStrategy(oneOf(name, value, SuiteOptions.STRATEGIES));
				case "--publish" -> options = options.withPublish(oneOf(name, value, SuiteOptions.PUBLISH_MODES));
				case "--redis" -> redis = value;
				case "--mysql" -> jdbc = value;
				case "--mysql-user" -> {
					user = value;
					credentialFlags = true;
				}
				case "--mysql-password" -> {
					password = value;
					credentialFlags = true;
				}
				case "--kafka" -> kafka = value;
				default -> throw new IllegalArgumentException("Unknown option for up: " + arg);
			}
		}
		if (redis != null && !redis.isBlank()) {
			options = options.withExternalRedis(redis);
		}
		if (jdbc != null && !jdbc.isBlank()) {
			if (!jdbc.startsWith("jdbc:")) {
				throw new IllegalArgumentException("--mysql needs a JDBC URL (jdbc:mysql://host:port/db), got " + jdbc);
			}
			options = options.withExternalDatabase(jdbc, user, password);
		}
		else if (credentialFlags) {
			throw new IllegalArgumentException("--mysql-user and --mysql-password need --mysql (or COUPON_JDBC_URL)");
		}
		if (kafka != null && !kafka.isBlank()) {
			options = options.withExternalKafka(kafka);
		}
		return options;
	}

	private static int positive(String name, String value) {
		try {
			int number = Integer.parseInt(value);
			if (number < 1) {
				throw new IllegalArgumentException(name + " must be at least 1, got " + value);
			}
			return number;
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(name + " must be a number, got " + value);
		}
	}

	private static String oneOf(String name, String value, List<String> allowed) {
		if (!allowed.contains(value)) {
			throw new IllegalArgumentException(name + " must be one of " + String.join(", ", allowed) + ", got " + value);
		}
		return value;
	}

}
