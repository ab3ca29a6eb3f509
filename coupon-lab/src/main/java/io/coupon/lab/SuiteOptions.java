package io.coupon.lab;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import io.coupon.infra.FreePorts;

/**
 * Everything {@link Suite#start(SuiteOptions)} needs: where the jars and the state live, how many
 * coupon-api replicas with which issue strategy and publish mode, every port, optional external
 * servers, and extra environment variables for the services.
 *
 * <p>Start from {@link #defaults()} and change what differs with the {@code with...} methods;
 * tests call {@link #withFreePorts()} last, so that they never collide with a running
 * {@code ./coupon up}.
 *
 * @param projectDir the repository root holding {@code <module>/target/<module>.jar}
 * @param stateDir where logs ({@code logs/}), state ({@code run/state.json}) and infrastructure data
 * ({@code data/}) go
 * @param replicas the number of coupon-api replicas
 * @param strategy the issue strategy: {@code lua}, {@code lock}, {@code fair-lock} or {@code set-incr}
 * @param publish the publish mode: {@code acks} or {@code fire-and-forget}
 * @param apiPorts one port per coupon-api replica
 * @param externalRedisUrl use this Redis instead of starting one (null: start one)
 * @param externalJdbcUrl use this database instead of starting MariaDB (null: start one)
 * @param externalDbUsername the user for {@code externalJdbcUrl}
 * @param externalDbPassword the password for {@code externalJdbcUrl}
 * @param externalKafkaBootstrap use this Kafka instead of starting one (null: start one)
 * @param infrastructureOnly start Redis, MariaDB and Kafka only (no services, no routing check)
 * @param extraEnv environment variables added to every service process
 * @param jvmOptions JVM options of every service process
 * @param startupTimeout how long each component may take to become ready, and the gateway to route
 * @param progress receives one line per step
 */
public record SuiteOptions(Path projectDir, Path stateDir, int replicas, String strategy, String publish, int redisPort,
		int mariaDbPort, int kafkaPort, int kafkaControllerPort, int discoveryPort, List<Integer> apiPorts,
		int workerPort, int gatewayPort, String externalRedisUrl, String externalJdbcUrl, String externalDbUsername,
		String externalDbPassword, String externalKafkaBootstrap, boolean infrastructureOnly,
		Map<String, String> extraEnv, List<String> jvmOptions, Duration startupTimeout, Consumer<String> progress) {

	public static final List<String> STRATEGIES = List.of("lua", "lock", "fair-lock", "set-incr");

	public static final List<String> PUBLISH_MODES = List.of("acks", "fire-and-forget");

	static final int DEFAULT_API_BASE_PORT = 8101;

	public SuiteOptions {
		if (projectDir == null || stateDir == null) {
			throw new IllegalArgumentException("projectDir and stateDir are required");
		}
		projectDir = projectDir.toAbsolutePath().normalize();
		stateDir = stateDir.toAbsolutePath().normalize();
		if (replicas < 1) {
			throw new IllegalArgumentException("replicas must be at least 1, got " + replicas);
		}
		if (!STRATEGIES.contains(strategy)) {
			throw new IllegalArgumentException("strategy must be one of " + STRATEGIES + ", got " + strategy);
		}
		if (!PUBLISH_MODES.contains(publish)) {
			throw new IllegalArgumentException("publish must be one of " + PUBLISH_MODES + ", got " + publish);
		}
		apiPorts = sized((apiPorts == null) ? List.of() : apiPorts, replicas);
		externalRedisUrl = blankToNull(externalRedisUrl);
		externalJdbcUrl = blankToNull(externalJdbcUrl);
		externalDbUsername = blankToNull(externalDbUsername);
		externalKafkaBootstrap = blankToNull(externalKafkaBootstrap);
		extraEnv = Map.copyOf((extraEnv != null) ? extraEnv : Map.of());
		jvmOptions = List.copyOf((jvmOptions != null) ? jvmOptions : List.of());
		startupTimeout = (startupTimeout != null) ? startupTimeout : Duration.ofMinutes(3);
		progress = (progress != null) ? progress : (line) -> {
		};
		List<Integer> used = new ArrayList<>(List.of(redisPort, mariaDbPort, kafkaPort, kafkaControllerPort,
				discoveryPort, workerPort, gatewayPort));
		used.addAll(apiPorts);
		Set<Integer> distinct = new HashSet<>();
		for (int port : used) {
			if (port < 1 || port > 65535) {
				throw new IllegalArgumentException("invalid port " + port);
			}
			if (!distinct.add(port)) {
				throw new IllegalArgumentException("port " + port + " is used twice");
			}
		}
	}

	/**
	 * The ports and settings of {@code ./coupon up}, for the project found by
	 * {@link ProjectLayout#detectProjectDir()}.
	 */
	public static SuiteOptions defaults() {
		return defaults(ProjectLayout.detectProjectDir());
	}

	public static SuiteOptions defaults(Path projectDir) {
		return new SuiteOptions(projectDir, projectDir.resolve(".coupon"), 2, "lua", "acks", 16379, 13306, 19092,
				19093, 8761, List.of(), 8090, 8080, null, null, null, null, null, false, Map.of(),
				List.of("-Xms128m", "-Xmx512m", "-XX:+UseParallelGC"), Duration.ofMinutes(3), System.out::println);
	}

	/**
	 * Every port from {@link FreePorts}, one per replica for the API.
	 */
	public SuiteOptions withFreePorts() {
		List<Integer> api = new ArrayList<>();
		for (int i = 0; i < this.replicas; i++) {
			api.add(FreePorts.find());
		}
		return new SuiteOptions(this.projectDir, this.stateDir, this.replicas, this.strategy, this.publish,
				FreePorts.find(), FreePorts.find(), FreePorts.find(), FreePorts.find(), FreePorts.find(), api,
				FreePorts.find(), FreePorts.find(), this.externalRedisUrl, this.externalJdbcUrl,
				this.externalDbUsername, this.externalDbPassword, this.externalKafkaBootstrap,
				this.infrastructureOnly, this.extraEnv, this.jvmOptions, this.startupTimeout, this.progress);
	}

	public SuiteOptions withProjectDir(Path projectDir) {
		return new SuiteOptions(projectDir, this.stateDir, this.replicas, this.strategy, this.publish, this.redisPort,
				this.mariaDbPort, this.kafkaPort, this.kafkaControllerPort, this.discoveryPort, this.apiPorts,
				this.workerPort, this.gatewayPort, this.externalRedisUrl, this.externalJdbcUrl, this.externalDbUsername,
				this.externalDbPassword, this.externalKafkaBootstrap, this.infrastructureOnly, this.extraEnv,
				this.jvmOptions, this.startupTimeout, this.progress);
	}

	public SuiteOptions withStateDir(Path stateDir) {
		return new SuiteOptions(this.projectDir, stateDir, this.replicas, this.strategy, this.publish, this.redisPort,
				this.mariaDbPort, this.kafkaPort, this.kafkaControllerPort, this.discoveryPort, this.apiPorts,
				this.workerPort, this.gatewayPort, this.externalRedisUrl, this.externalJdbcUrl, this.externalDbUsername,
				this.externalDbPassword, this.externalKafkaBootstrap, this.infrastructureOnly, this.extraEnv,
				this.jvmOptions, this.startupTimeout, this.progress);
	}

	/**
	 * Also resizes {@link #apiPorts()}: extra replicas get the ports following the last one.
	 */
	public SuiteOptions withReplicas(int replicas) {
		return new SuiteOptions(this.projectDir, this.stateDir, replicas, this.strategy, this.publish, this.redisPort,
				this.mariaDbPort, this.kafkaPort, this.kafkaControllerPort, this.discoveryPort,
				sized(this.apiPorts, Math.max(replicas, 1)), this.workerPort, this.gatewayPort, this.externalRedisUrl,
				this.externalJdbcUrl, this.externalDbUsername, this.externalDbPassword, this.externalKafkaBootstrap,
				this.infrastructureOnly, this.extraEnv, this.jvmOptions, this.startupTimeout, this.progress);
	}

	public SuiteOptions withStrategy(String strategy) {
		return new SuiteOptions(this.projectDir, this.stateDir, this.replicas, strategy, this.publish, this.redisPort,
				this.mariaDbPort, this.kafkaPort, this.kafkaControllerPort, this.discoveryPort, this.apiPorts,
				this.workerPort, this.gatewayPort, this.externalRedisUrl, this.externalJdbcUrl, this.externalDbUsername,
				this.externalDbPassword, this.externalKafkaBootstrap, this.infrastructureOnly, this.extraEnv,
				this.jvmOptions, this.startupTimeout, this.progress);
	}

	public SuiteOptions withPublish(String publish) {
		return new SuiteOptions(this.projectDir, this.stateDir, this.replicas, this.strategy, publish, this.redisPort,
				this.mariaDbPort, this.kafkaPort, this.kafkaControllerPort, this.discoveryPort, this.apiPorts,
				this.workerPort, this.gatewayPort, this.externalRedisUrl, this.externalJdbcUrl, this.externalDbUsername,
				this.externalDbPassword, this.externalKafkaBootstrap, this.infrastructureOnly, this.extraEnv,
				this.jvmOptions, this.startupTimeout, this.progress);
	}

	public SuiteOptions withRedisPort(int redisPort) {
		return new SuiteOptions(this.projectDir, this.stateDir, this.replicas, this.strategy, this.publish, redisPort,
				this.mariaDbPort, this.kafkaPort, this.kafkaControllerPort, this.discoveryPort, this.apiPorts,
				this.workerPort, this.gatewayPort, this.externalRedisUrl, this.externalJdbcUrl, this.externalDbUsername,
				this.externalDbPassword, this.externalKafkaBootstrap, this.infrastructureOnly, this.extraEnv,
				this.jvmOptions, this.startupTimeout, this.progress);
	}

	public SuiteOptions withMariaDbPort(int mariaDbPort) {
		return new SuiteOptions(this.projectDir, this.stateDir, this.replicas, this.strategy, this.publish,
				this.redisPort, mariaDbPort, this.kafkaPort, this.kafkaControllerPort, this.discoveryPort,
				this.apiPorts, this.workerPort, this.gatewayPort, this.externalRedisUrl, this.externalJdbcUrl,
				this.externalDbUsername, this.externalDbPassword, this.externalKafkaBootstrap, this.infrastructureOnly,
				this.extraEnv, this.jvmOptions, this.startupTimeout, this.progress);
	}

	public SuiteOptions withKafkaPorts(int kafkaPort, int kafkaControllerPort) {
		return new SuiteOptions(this.projectDir, this.stateDir, this.replicas, this.strategy, this.publish,
				this.redisPort, this.mariaDbPort, kafkaPort, kafkaControllerPort, this.discoveryPort, this.apiPorts,
				this.workerPort, this.gatewayPort, this.externalRedisUrl, this.externalJdbcUrl, this.externalDbUsername,
				this.externalDbPassword, this.externalKafkaBootstrap, this.infrastructureOnly, this.extraEnv,
				this.jvmOptions, this.startupTimeout, this.progress);
	}

	public SuiteOptions withDiscoveryPort(int discoveryPort) {
		return new SuiteOptions(this.projectDir, this.stateDir, this.replicas, this.strategy, this.publish,
				this.redisPort, this.mariaDbPort, this.kafkaPort, this.kafkaControllerPort, discoveryPort,
				this.apiPorts, this.workerPort, this.gatewayPort, this.externalRedisUrl, this.externalJdbcUrl,
				this.externalDbUsername, this.externalDbPassword, this.externalKafkaBootstrap, this.infrastructureOnly,
				this.extraEnv, this.jvmOptions, this.startupTimeout, this.progress);
	}

	/**
	 * Sets the replica count to the number of ports given.
	 */
	public SuiteOptions withApiPorts(List<Integer> apiPorts) {
		return new SuiteOptions(this.projectDir, this.stateDir, apiPorts.size(), this.strategy, this.publish,
				this.redisPort, this.mariaDbPort, this.kafkaPort, this.kafkaControllerPort, this.discoveryPort,
				apiPorts, this.workerPort, this.gatewayPort, this.externalRedisUrl, this.externalJdbcUrl,
				this.externalDbUsername, this.externalDbPassword, this.externalKafkaBootstrap, this.infrastructureOnly,
				this.extraEnv, this.jvmOptions, this.startupTimeout, this.progress);
	}

	public SuiteOptions withWorkerPort(int workerPort) {
		return new SuiteOptions(this.projectDir, this.stateDir, this.replicas, this.strategy, this.publish,
				this.redisPort, this.mariaDbPort, this.kafkaPort, this.kafkaControllerPort, this.discoveryPort,
				this.apiPorts, workerPort, this.gatewayPort, this.externalRedisUrl, this.externalJdbcUrl,
				this.externalDbUsername, this.externalDbPassword, this.externalKafkaBootstrap, this.infrastructureOnly,
				this.extraEnv, this.jvmOptions, this.startupTimeout, this.progress);
	}

	public SuiteOptions withGatewayPort(int gatewayPort) {
		return new SuiteOptions(this.projectDir, this.stateDir, this.replicas, this.strategy, this.publish,
				this.redisPort, this.mariaDbPort, this.kafkaPort, this.kafkaControllerPort, this.discoveryPort,
				this.apiPorts, this.workerPort, gatewayPort, this.externalRedisUrl, this.externalJdbcUrl,
				this.externalDbUsername, this.externalDbPassword, this.externalKafkaBootstrap, this.infrastructureOnly,
				this.extraEnv, this.jvmOptions, this.startupTimeout, this.progress);
	}

	public SuiteOptions withExternalRedis(String redisUrl) {
		return new SuiteOptions(this.projectDir, this.stateDir, this.replicas, this.strategy, this.publish,
				this.redisPort, this.mariaDbPort, this.kafkaPort, this.kafkaControllerPort, this.discoveryPort,
				this.apiPorts, this.workerPort, this.gatewayPort, redisUrl, this.externalJdbcUrl,
				this.externalDbUsername, this.externalDbPassword, this.externalKafkaBootstrap, this.infrastructureOnly,
				this.extraEnv, this.jvmOptions, this.startupTimeout, this.progress);
	}

	public SuiteOptions withExternalDatabase(String jdbcUrl, String username, String password) {
		return new SuiteOptions(this.projectDir, this.stateDir, this.replicas, this.strategy, this.publish,
				this.redisPort, this.mariaDbPort, this.kafkaPort, this.kafkaControllerPort, this.discoveryPort,
				this.apiPorts, this.workerPort, this.gatewayPort, this.externalRedisUrl, jdbcUrl, username, password,
				this.externalKafkaBootstrap, this.infrastructureOnly, this.extraEnv, this.jvmOptions,
				this.startupTimeout, this.progress);
	}

	public SuiteOptions withExternalKafka(String bootstrapServers) {
		return new SuiteOptions(this.projectDir, this.stateDir, this.replicas, this.strategy, this.publish,
				this.redisPort, this.mariaDbPort, this.kafkaPort, this.kafkaControllerPort, this.discoveryPort,
				this.apiPorts, this.workerPort, this.gatewayPort, this.externalRedisUrl, this.externalJdbcUrl,
				this.externalDbUsername, this.externalDbPassword, bootstrapServers, this.infrastructureOnly,
				this.extraEnv, this.jvmOptions, this.startupTimeout, this.progress);
	}

	public SuiteOptions withInfrastructureOnly(boolean infrastructureOnly) {
		return new SuiteOptions(this.projectDir, this.stateDir, this.replicas, this.strategy, this.publish,
				this.redisPort, this.mariaDbPort, this.kafkaPort, this.kafkaControllerPort, this.discoveryPort,
				this.apiPorts, this.workerPort, this.gatewayPort, this.externalRedisUrl, this.externalJdbcUrl,
				this.externalDbUsername, this.externalDbPassword, this.externalKafkaBootstrap, infrastructureOnly,
				this.extraEnv, this.jvmOptions, this.startupTimeout, this.progress);
	}

	/**
	 * Replaces the extra environment of the services.
	 */
	public SuiteOptions withExtraEnv(Map<String, String> extraEnv) {
		return new SuiteOptions(this.projectDir, this.stateDir, this.replicas, this.strategy, this.publish,
				this.redisPort, this.mariaDbPort, this.kafkaPort, this.kafkaControllerPort, this.discoveryPort,
				this.apiPorts, this.workerPort, this.gatewayPort, this.externalRedisUrl, this.externalJdbcUrl,
				this.externalDbUsername, this.externalDbPassword, this.externalKafkaBootstrap, this.infrastructureOnly,
				extraEnv, this.jvmOptions, this.startupTimeout, this.progress);
	}

	/**
	 * Adds (or replaces) one extra environment variable of the services.
	 */
	public SuiteOptions withEnv(String name, String value) {
		Map<String, String> env = new LinkedHashMap<>(this.extraEnv);
		env.put(name, value);
		return withExtraEnv(env);
	}

	public SuiteOptions withJvmOptions(List<String> jvmOptions) {
		return new SuiteOptions(this.projectDir, this.stateDir, this.replicas, this.strategy, this.publish,
				this.redisPort, this.mariaDbPort, this.kafkaPort, this.kafkaControllerPort, this.discoveryPort,
				this.apiPorts, this.workerPort, this.gatewayPort, this.externalRedisUrl, this.externalJdbcUrl,
				this.externalDbUsername, this.externalDbPassword, this.externalKafkaBootstrap, this.infrastructureOnly,
				this.extraEnv, jvmOptions, this.startupTimeout, this.progress);
	}

	public SuiteOptions withStartupTimeout(Duration startupTimeout) {
		return new SuiteOptions(this.projectDir, this.stateDir, this.replicas, this.strategy, this.publish,
				this.redisPort, this.mariaDbPort, this.kafkaPort, this.kafkaControllerPort, this.discoveryPort,
				this.apiPorts, this.workerPort, this.gatewayPort, this.externalRedisUrl, this.externalJdbcUrl,
				this.externalDbUsername, this.externalDbPassword, this.externalKafkaBootstrap, this.infrastructureOnly,
				this.extraEnv, this.jvmOptions, startupTimeout, this.progress);
	}

	public SuiteOptions withProgress(Consumer<String> progress) {
		return new SuiteOptions(this.projectDir, this.stateDir, this.replicas, this.strategy, this.publish,
				this.redisPort, this.mariaDbPort, this.kafkaPort, this.kafkaControllerPort, this.discoveryPort,
				this.apiPorts, this.workerPort, this.gatewayPort, this.externalRedisUrl, this.externalJdbcUrl,
				this.externalDbUsername, this.externalDbPassword, this.externalKafkaBootstrap, this.infrastructureOnly,
				this.extraEnv, this.jvmOptions, this.startupTimeout, progress);
	}

	/**
	 * The instance id each coupon-api replica reports in {@code X-Instance-Id}.
	 */
	public List<String> apiInstanceIds() {
		return this.apiPorts.stream().map((port) -> "coupon-api:" + port).toList();
	}

	@Override
	public String toString() {
		// Never print the database password.
		return "SuiteOptions[projectDir=" + this.projectDir + ", stateDir=" + this.stateDir + ", replicas="
				+ this.replicas + ", strategy=" + this.strategy + ", publish=" + this.publish + ", apiPorts="
				+ this.apiPorts + ", gatewayPort=" + this.gatewayPort + ", infrastructureOnly="
				+ this.infrastructureOnly + "]";
	}

	private static List<Integer> sized(List<Integer> ports, int size) {
		List<Integer> result = new ArrayList<>(ports.subList(0, Math.min(ports.size(), size)));
		int next = result.isEmpty() ? DEFAULT_API_BASE_PORT : result.getLast() + 1;
		while (result.size() < size) {
			result.add(next++);
		}
		return List.copyOf(result);
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.trim();
	}

}
