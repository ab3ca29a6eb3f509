package io.coupon.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.Node;

/**
 * A real Kafka broker ({@code org.apache.kafka:kafka_2.13}) in KRaft combined mode (broker and
 * controller in one node), run in a child JVM so that its threads, memory and class loading never
 * disturb the JVM that uses it.
 */
public final class KafkaBroker implements ManagedServer {

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(180);

	private final int port;

	private final ServerProcess process;

	private KafkaBroker(int port, ServerProcess process) {
		this.port = port;
		this.process = process;
	}

	/**
	 * Starts a broker listening on {@code port} (controller on {@code controllerPort}) with its data
	 * in {@code logDir}, formatting the storage on first use, and returns once the broker answers
	 * {@code describeCluster}. Configuration and log ({@code kafka-server.properties},
	 * {@code kafka.log}) go to the parent folder of {@code logDir}.
	 */
	public static KafkaBroker start(int port, int controllerPort, Path logDir) {
		if (port == controllerPort) {
			throw new IllegalArgumentException("Kafka: broker and controller need different ports, got " + port);
		}
		Path dataDir = logDir.toAbsolutePath().normalize();
		Path home = (dataDir.getParent() != null) ? dataDir.getParent() : dataDir;
		Path config = home.resolve("kafka-server.properties");
		Path logbackConfig = home.resolve("kafka-logback.xml");
		try {
			Files.createDirectories(dataDir);
			// Rewritten at every start: the ports may differ from the previous run on this folder.
			Files.writeString(config, serverProperties(port, controllerPort, dataDir));
			Files.writeString(logbackConfig, LOGBACK_CONFIG);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not prepare " + home, ex);
		}
		FreePorts.requireFree(port, "Kafka");
		FreePorts.requireFree(controllerPort, "Kafka controller");
		List<Path> classPath = JvmClassPath.forChildJvm(kafka.Kafka.class, KafkaChildMain.class);
		List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xms128m", "-Xmx768m", "-XX:+UseG1GC",
				"-XX:MaxGCPauseMillis=20", "-XX:+ExitOnOutOfMemoryError", "-Djava.awt.headless=true",
				// compression codecs load native libraries
				"--enable-native-access=ALL-UNNAMED", "-Dlogback.configurationFile=" + logbackConfig,
				"-D" + KafkaChildMain.PARENT_PID_PROPERTY + "=" + ProcessHandle.current().pid(),
				KafkaChildMain.class.getName(), config.toString(), dataDir.toString()));
		// Through the environment, so that `ps` shows a readable command line.
		Map<String, String> environment = Map.of("CLASSPATH", JvmClassPath.join(classPath));
		ServerProcess process = ServerProcess.start("kafka", command, environment, home, home.resolve("kafka.log"));
		awaitCluster(port, dataDir, process);
		return new KafkaBroker(port, process);
	}

	@Override
	public String name() {
		return "kafka";
	}

	@Override
	public long pid() {
		return this.process.pid();
	}

	public int port() {
		return this.port;
	}

	public String bootstrapServers() {
		return "127.0.0.1:" + this.port;
	}

	@Override
	public void close() {
		// A controlled shutdown takes a few seconds; a killed broker recovers its logs next time.
		this.process.stop(Duration.ofSeconds(30));
	}

	@Override
	public String toString() {
		return "KafkaBroker[" + bootstrapServers() + ", pid " + pid() + "]";
	}

	static String serverProperties(int port, int controllerPort, Path dataDir) {
		return """
				# Written by io.coupon.infra.KafkaBroker at every start.
				process.roles=broker,controller
				node.id=1
				controller.quorum.voters=1@127.0.0.1:%2$d
				listeners=PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
				advertised.listeners=PLAINTEXT://127.0.0.1:%1$d
				controller.listener.names=CONTROLLER
				inter.broker.listener.name=PLAINTEXT
				listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
				log.dirs=%3$s
				num.partitions=1
				auto.create.topics.enable=true
				# A single node: every internal topic has one replica.
				offsets.topic.replication.factor=1
				transaction.state.log.replication.factor=1
				transaction.state.log.min.isr=1
				share.coordinator.state.topic.replication.factor=1
				share.coordinator.state.topic.min.isr=1
				# Fewer internal partitions than the default 50: created faster, plenty for one node.
				offsets.topic.num.partitions=5
				transaction.state.log.num.partitions=5
				# Consumers join at once instead of waiting 3 s for more members.
				group.initial.rebalance.delay.ms=0
				""".formatted(port, controllerPort, dataDir);
	}

	private static final String LOGBACK_CONFIG = """
			<configuration>
			  <!-- Written by io.coupon.infra.KafkaBroker: the broker logs to stdout, redirected to kafka.log. -->
			  <appender name="STDOUT" class="ch.qos.logback.core.ConsoleAppender">
			    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
			  </appender>
			  <logger name="kafka" level="INFO"/>
			  <logger name="org.apache.kafka" level="INFO"/>
			  <logger name="state.change.logger" level="WARN"/>
			  <root level="WARN"><appender-ref ref="STDOUT"/></root>
			</configuration>
			""";

	private static String javaBinary() {
		return ProcessHandle.current()
			.info()
			.command()
			.orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
	}

	private static void awaitCluster(int port, Path dataDir, ServerProcess process) {
		long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
		String last = "no connection";
		// Wait for the listener first: an Admin client pointed at a closed port logs a warning per
		// attempt.
		while (!accepts(port)) {
			if (!process.isAlive()) {
				throw process.failure("exited before listening on 127.0.0.1:" + port);
			}
			if (System.nanoTime() > deadline) {
				throw process.failure("did not listen on 127.0.0.1:" + port + " within "
						+ STARTUP_TIMEOUT.toSeconds() + "s");
			}
			Pause.briefly();
		}
		Map<String, Object> adminConfig = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port,
				AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
				10000, AdminClientConfig.CLIENT_ID_CONFIG, "coupon-infra-readiness");
		try (Admin admin = Admin.create(adminConfig)) {
			while (System.nanoTime() < deadline) {
				if (!process.isAlive()) {
					throw process.failure("exited before answering describeCluster on 127.0.0.1:" + port);
				}
				try {
					DescribeClusterResult cluster = admin.describeCluster();
					Collection<Node> nodes = cluster.nodes().get(10, TimeUnit.SECONDS);
					String clusterId = cluster.clusterId().get(10, TimeUnit.SECONDS);
					String expected = clusterId(dataDir);
					if (!nodes.isEmpty() && clusterId != null && clusterId.equals(expected)) {
						return;
					}
					last = "nodes " + nodes + ", cluster id " + clusterId + " (expected " + expected + ")";
				}
				catch (ExecutionException | TimeoutException ex) {
					last = ex.toString();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw process.failure("interrupted while waiting for the broker");
				}
				Pause.briefly();
			}
		}
		throw process.failure("did not answer describeCluster on 127.0.0.1:" + port + " within "
				+ STARTUP_TIMEOUT.toSeconds() + "s (last answer: " + last + ")");
	}

	private static boolean accepts(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * The cluster id the child wrote when formatting: proves that the broker answering on the port
	 * is the one started on this folder.
	 */
	private static String clusterId(Path dataDir) {
		Properties properties = new Properties();
		try (InputStream in = Files.newInputStream(dataDir.resolve("meta.properties"))) {
			properties.load(in);
			return properties.getProperty("cluster.id");
		}
		catch (IOException ex) {
			return null;
		}
	}

}
