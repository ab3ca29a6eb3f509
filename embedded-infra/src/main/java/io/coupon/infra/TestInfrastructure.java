package io.coupon.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One Redis, one MariaDB (database {@code coupon}) and one Kafka broker per test JVM, for the
 * integration tests of the other modules. Each is started on first use, on free ports, in a
 * temporary folder, and stopped (the folder deleted) by a JVM shutdown hook.
 *
 * <p>Each can point at an external server instead, through a system property or environment
 * variable: {@code COUPON_TEST_REDIS_URL}; {@code COUPON_TEST_JDBC_URL} with
 * {@code COUPON_TEST_DB_USERNAME} and {@code COUPON_TEST_DB_PASSWORD};
 * {@code COUPON_TEST_KAFKA_BOOTSTRAP}.
 */
public final class TestInfrastructure {

	static final String REDIS_URL = "COUPON_TEST_REDIS_URL";

	static final String JDBC_URL = "COUPON_TEST_JDBC_URL";

	static final String DB_USERNAME = "COUPON_TEST_DB_USERNAME";

	static final String DB_PASSWORD = "COUPON_TEST_DB_PASSWORD";

	static final String KAFKA_BOOTSTRAP = "COUPON_TEST_KAFKA_BOOTSTRAP";

	static final String DATABASE = "coupon";

	// One lock per server: a test waiting for the broker does not block one that wants Redis.
	private static final Object redisLock = new Object();

	private static final Object mariaDbLock = new Object();

	private static final Object kafkaLock = new Object();

	// volatile: the shutdown hook reads them without taking the locks.
	private static volatile RedisServer redis;

	private static volatile MariaDbServer mariaDb;

	private static volatile KafkaBroker kafka;

	private static Path root;

	private TestInfrastructure() {
	}

	public static String redisUrl() {
		String external = setting(REDIS_URL);
		if (external != null) {
			return external;
		}
		synchronized (redisLock) {
			if (redis == null) {
				redis = RedisServer.start(FreePorts.find(), root().resolve("redis"));
			}
			return redis.url();
		}
	}

	public static String jdbcUrl() {
		String external = setting(JDBC_URL);
		if (external != null) {
			return external;
		}
		synchronized (mariaDbLock) {
			if (mariaDb == null) {
				mariaDb = MariaDbServer.start(FreePorts.find(), root().resolve("mariadb"), DATABASE);
			}
			return mariaDb.jdbcUrl();
		}
	}

	public static String dbUsername() {
		if (setting(JDBC_URL) != null) {
			String username = setting(DB_USERNAME);
			return (username != null) ? username : "root";
		}
		return "root";
	}

	public static String dbPassword() {
		if (setting(JDBC_URL) != null) {
			String password = System.getProperty(DB_PASSWORD, System.getenv(DB_PASSWORD));
			return (password != null) ? password : "";
		}
		return "";
	}

	public static String kafkaBootstrapServers() {
		String external = setting(KAFKA_BOOTSTRAP);
		if (external != null) {
			return external;
		}
		synchronized (kafkaLock) {
			if (kafka == null) {
				int port = FreePorts.find();
				int controllerPort = FreePorts.find();
				kafka = KafkaBroker.start(port, controllerPort, root().resolve("kafka").resolve("data"));
			}
			return kafka.bootstrapServers();
		}
	}

	/**
	 * A system property wins over the environment variable of the same name; blank means unset.
	 */
	static String setting(String name) {
		String value = System.getProperty(name);
		if (value == null || value.isBlank()) {
			value = System.getenv(name);
		}
		return (value == null || value.isBlank()) ? null : value.trim();
	}

	private static synchronized Path root() {
		if (root == null) {
			try {
				root = Files.createTempDirectory("coupon-test-infra-");
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not create a temporary folder for the test servers", ex);
			}
			Runtime.getRuntime().addShutdownHook(new Thread(TestInfrastructure::stopAll, "coupon-test-infra-stop"));
		}
		return root;
	}

	private static void stopAll() {
		Thread kafkaStopper = Thread.ofPlatform().start(() -> close(kafka));
		Thread mariaDbStopper = Thread.ofPlatform().start(() -> close(mariaDb));
		close(redis);
		try {
			kafkaStopper.join();
			mariaDbStopper.join();
			MariaDbDistribution.deleteRecursively(root);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (IOException | UncheckedIOException ex) {
			System.err.println("Could not delete " + root + ": " + ex);
		}
	}

	private static void close(ManagedServer server) {
		if (server != null) {
			server.close();
		}
	}

}
