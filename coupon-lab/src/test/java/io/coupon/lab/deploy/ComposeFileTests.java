package io.coupon.lab.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker/compose.yaml, read as written: no Docker engine is needed. The rules are those of docs/deploy.md: one flag
 * scales coupon-api, every service has a healthcheck and CPU and memory limits, only the intended ports are
 * published, every variable the services read is set, and no secret is in the file.
 */
class ComposeFileTests {

	private static final ComposeFile COMPOSE = DeploymentFiles.compose();

	private static final Map<ComposeFile.Service, String> SPRING_SERVICES = DeploymentFiles.springServices(COMPOSE);

	/** Optional gateway settings: declared without a value, so that docker/.env or the shell can set them. */
	private static final List<String> GATEWAY_OPTIONAL_ENVIRONMENT = List.of("COUPON_JWT_JWK_SET_URI",
			"COUPON_RATE_LIMIT_REPLENISH_RATE", "COUPON_RATE_LIMIT_BURST_CAPACITY");

	/** Variables that would give every replica the same identity, or a port other than the one checked. */
	private static final List<String> REPLICA_IDENTITY = List.of("INSTANCE_ID", "HOSTNAME", "EUREKA_INSTANCE_HOSTNAME",
			"SERVER_PORT");

	private static final Pattern BYTES = Pattern.compile("\\d+(\\.\\d+)?[bkmg]b?");

	@Test
	void shouldBuildEverySpringServiceFromTheOneDockerfileWithItsOwnModule() {
		assertThat(SPRING_SERVICES.values()).as("the Spring Boot modules of the root pom, each a compose service")
			.containsExactlyInAnyOrderElementsOf(DeploymentFiles.springBootModules());
		SPRING_SERVICES.forEach((service, module) -> {
			assertThat(service.name()).as("the service is named after its module").isEqualTo(module);
			assertThat(service.string("image")).isEqualTo("coupon-platform/" + module + ":local");
			assertThat(service.build()).as(module + " build").containsEntry("context", "..")
				.containsEntry("dockerfile", "docker/Dockerfile");
		});
		String dockerfile = DeploymentFiles.read(RepositoryFiles.docker().resolve("Dockerfile"));
		assertThat(dockerfile).contains("ARG MODULE")
			.contains("-pl \"${MODULE}\" -am")
			.contains("-Djarmode=tools -jar \"${MODULE}/target/${MODULE}.jar\" extract --layers --launcher")
			.contains("FROM eclipse-temurin:25-jre")
			.contains("org.springframework.boot.loader.launch.JarLauncher");
		List<String> users = dockerfile.lines().filter((line) -> line.startsWith("USER ")).toList();
		assertThat(users).as("the runtime stage's user").singleElement().satisfies((user) -> assertThat(user)
			.doesNotContain("root")
			.doesNotMatch("USER 0(:.*)?"));
		assertThat(RepositoryFiles.docker().resolve("actuator-health")).as("the services' healthcheck in the image")
			.isExecutable();
		assertThat(DeploymentFiles.read(RepositoryFiles.root().resolve(".dockerignore"))).contains("**/target/")
			.contains(".env")
			.contains("docker/secrets/");
	}

	@Test
	void shouldScaleCouponApiWithOneFlagEachReplicaWithItsOwnAddressAndId() {
		ComposeFile.Service api = COMPOSE.service("coupon-api");
		assertThat(api.has("ports")).as("coupon-api publishes no port: only the gateway reaches it").isFalse();
		assertThat(api.has("hostname")).as("a fixed hostname would be every replica's").isFalse();
		assertThat(api.environment()).as("coupon-api environment")
			.doesNotContainKeys(REPLICA_IDENTITY.toArray(String[]::new));
		assertThat(COMPOSE.services().values()).as("no fixed container names: --scale and parallel projects need none")
			.allSatisfy((service) -> assertThat(service.has("container_name")).as(service.name()).isFalse());

		SpringConfig config = DeploymentFiles.dockerProfile("coupon-api");
		Map<String, String> environment = DeploymentFiles.containerEnvironment(api);
		String instanceId = config.resolve("coupon.instance-id", environment).value();
		assertThat(instanceId).as("the replica's id carries its container's HOSTNAME")
			.isEqualTo("coupon-api:" + DeploymentFiles.CONTAINER_HOSTNAME + ":8080");
		assertThat(config.resolve("eureka.instance.instance-id", environment).value()).as("its Eureka instance id")
			.isEqualTo(instanceId);
		assertThat(config.resolve("management.metrics.tags.instance", environment).value()).as("its metrics' instance")
			.isEqualTo(instanceId);
		assertThat(config.resolve("eureka.instance.prefer-ip-address", environment).value())
			.as("registers its container's IP address, not a shared host name")
			.isEqualTo("true");
	}

	@Test
	void shouldPublishOnlyTheGatewayOfTheApplicationAndTheToolsOnLoopback() {
		Map<String, List<ComposeFile.Port>> published = new LinkedHashMap<>();
		COMPOSE.services().values().forEach((service) -> {
			if (!service.publishedPorts().isEmpty()) {
				published.put(service.name(), service.publishedPorts());
			}
		});

		assertThat(published).containsOnlyKeys("gateway", "prometheus", "grafana", "ngrinder-controller")
			.containsEntry("gateway", List.of(new ComposeFile.Port(null, "8080", 8080)))
			.containsEntry("prometheus", List.of(new ComposeFile.Port("127.0.0.1", "9090", 9090)))
			.containsEntry("grafana", List.of(new ComposeFile.Port("127.0.0.1", "3000", 3000)))
			.containsEntry("ngrinder-controller", List.of(new ComposeFile.Port("127.0.0.1", "8300", 80)));
	}

	/**
	 * R9: the replicas believe the X-USER-ID the gateway sets, so only the gateway may share a network with them and
	 * with the clients' side, where the nGrinder containers run.
	 */
	@Test
	@SuppressWarnings("unchecked")
	void shouldKeepTheReplicasOffTheNetworkWhereLoadGeneratorsRun() {
		Map<String, List<String>> networks = new LinkedHashMap<>();
		COMPOSE.services().values().forEach((service) -> networks.put(service.name(),
				(List<String>) service.definition().getOrDefault("networks", List.of("default"))));

		assertThat(networks.get("coupon-api")).containsExactly("backend");
		assertThat(networks.get("gateway")).containsExactlyInAnyOrder("backend", "edge");
		assertThat(networks.get("ngrinder-agent")).containsExactly("edge");
		assertThat(networks.get("ngrinder-controller")).containsExactly("edge");
		networks.forEach((service, joined) -> {
			if (!service.equals("gateway")) {
				assertThat(joined).as(service + ": only the gateway bridges the two networks")
					.isIn(List.of("backend"), List.of("edge"));
			}
		});
	}

	@Test
	void shouldHealthcheckEveryServiceAndStartEachOnceWhatItNeedsIsHealthy() {
		for (ComposeFile.Service service : COMPOSE.services().values()) {
			assertThat(service.healthcheckTest()).as(service.name() + " healthcheck").isNotEmpty();
			assertThat(service.healthcheckTest().getFirst()).as(service.name() + " healthcheck").isIn("CMD", "CMD-SHELL");
			service.dependsOn().forEach((dependency, condition) -> {
				assertThat(COMPOSE.services()).as(service.name() + " depends on").containsKey(dependency);
				assertThat(condition).as(service.name() + " waits for " + dependency).isEqualTo("service_healthy");
			});
		}
		SPRING_SERVICES.forEach((service, module) -> {
			String port = DeploymentFiles.dockerProfile(module)
				.resolve("server.port", DeploymentFiles.containerEnvironment(service))
				.value();
			assertThat(service.healthcheckTest()).as(module + ": its actuator health on the port it listens on")
				.containsExactly("CMD", "actuator-health", port);
		});
		assertThat(COMPOSE.service("coupon-api").dependsOn()).containsOnlyKeys("mysql", "redis", "kafka",
				"discovery-server");
		assertThat(COMPOSE.service("coupon-worker").dependsOn()).containsOnlyKeys("mysql", "kafka");
		assertThat(COMPOSE.service("gateway").dependsOn()).containsOnlyKeys("discovery-server", "redis", "coupon-api");
	}

	@Test
	void shouldLimitTheCpuAndMemoryOfEveryContainer() {
		for (ComposeFile.Service service : COMPOSE.services().values()) {
			Map<String, String> limits = service.limits();
			assertThat(limits).as(service.name() + " deploy.resources.limits").containsKeys("cpus", "memory");
			assertThat(Double.parseDouble(ComposeFile.defaultOf(limits.get("cpus")))).as(service.name() + " cpus")
				.isPositive();
			assertThat(ComposeFile.defaultOf(limits.get("memory"))).as(service.name() + " memory").matches(BYTES);
		}
		// What the experiments vary is one line of docker/.env each.
		for (String name : List.of("coupon-api", "gateway", "coupon-worker", "redis")) {
			COMPOSE.service(name).limits().forEach((limit, value) -> assertThat(ComposeFile.soleVariable(value))
				.as(name + " " + limit + " = " + value + " comes from a variable with a default")
				.isPresent());
		}
		Map<String, String> redis = COMPOSE.service("redis").limits();
		assertThat(ComposeFile.defaultOf(redis.get("cpus"))).as("the seeds' Redis node: 1 CPU").isEqualTo("1.0");
		assertThat(ComposeFile.defaultOf(redis.get("memory"))).as("the seeds' Redis node: 128 MiB").isEqualTo("128m");
	}

	@Test
	void shouldSetEveryVariableTheServicesReadAndPointThemAtComposeServices() {
		List<String> problems = new ArrayList<>();
		SPRING_SERVICES.forEach((service, module) -> {
			Map<String, String> environment = DeploymentFiles.containerEnvironment(service);
			assertThat(environment.get("SPRING_PROFILES_ACTIVE")).as(module + " profiles").contains("docker");
			problems.addAll(ServiceEnvironment.problems(module, DeploymentFiles.dockerProfile(module), environment,
					COMPOSE.services()::containsKey));
		});
		assertThat(problems).as("environment of the Spring services").isEmpty();
		assertThat(COMPOSE.service("gateway").environment()).as("gateway environment")
			.containsKeys(GATEWAY_OPTIONAL_ENVIRONMENT.toArray(String[]::new))
			.containsEntry("COUPON_REDIS_URL", "redis://redis:6379");
		for (String module : List.of("coupon-api", "coupon-worker")) {
			Map<String, String> environment = DeploymentFiles.containerEnvironment(COMPOSE.service(module));
			assertThat(DeploymentFiles.dockerProfile(module).resolve("spring.kafka.bootstrap-servers", environment).value())
				.as(module + " reaches Kafka at its advertised listener")
				.isEqualTo("kafka:9092");
		}
		assertThat(COMPOSE.service("kafka").environment().get("KAFKA_ADVERTISED_LISTENERS"))
			.isEqualTo("PLAINTEXT://kafka:9092");
	}

	@Test
	void shouldUseTheDatabaseAndAccountMysqlCreates() {
		Map<String, String> mysql = COMPOSE.service("mysql").environment();
		for (String module : List.of("coupon-api", "coupon-worker")) {
			Map<String, String> environment = DeploymentFiles.containerEnvironment(COMPOSE.service(module));
			SpringConfig config = DeploymentFiles.dockerProfile(module);
			String password = COMPOSE.service(module).environment().get("DB_PASSWORD");
			assertThat(config.resolve("spring.datasource.url", environment).value()).as(module + " database")
				.isEqualTo("jdbc:mysql://mysql:3306/" + mysql.get("MYSQL_DATABASE"));
			assertThat(config.resolve("spring.datasource.username", environment).value()).as(module + " user")
				.isEqualTo(mysql.get("MYSQL_USER"));
			assertThat(password).as(module + " DB_PASSWORD").isNotNull();
			assertThat(ComposeFile.soleVariable(password)).as(module + " password: the one MySQL gets")
				.isEqualTo(ComposeFile.soleVariable(mysql.get("MYSQL_PASSWORD")))
				.isPresent();
		}
	}

	@Test
	void shouldTakeEverySecretFromTheGitIgnoredEnvFile() {
		List<String> plaintext = new ArrayList<>();
		for (ComposeFile.Service service : COMPOSE.services().values()) {
			service.environment().forEach((name, value) -> {
				if (DeploymentFiles.SECRET_NAME.matcher(name).matches() && (value == null
						|| ComposeFile.soleVariable(value).isEmpty() || !value.contains(":?"))) {
					plaintext.add(service.name() + " " + name + "=" + value);
				}
			});
		}
		assertThat(plaintext).as("secrets that are not a required ${VAR:?message}").isEmpty();
		for (String module : List.of("gateway", "coupon-api")) {
			assertThat(COMPOSE.service(module).environment().get("EUREKA_URL")).as(module + " EUREKA_URL")
				.startsWith("http://${EUREKA_USERNAME:?")
				.contains(":${EUREKA_PASSWORD:?")
				.endsWith("@discovery-server:8761/eureka/");
		}

		Map<String, String> declared = new LinkedHashMap<>();
		Set<String> mentioned = new TreeSet<>();
		Pattern assignment = Pattern.compile("(#\\s*)?([A-Z][A-Z0-9_]*)=(.*)");
		for (String line : DeploymentFiles.read(RepositoryFiles.docker().resolve(".env.example")).split("\n")) {
			Matcher variable = assignment.matcher(line.strip());
			if (variable.matches()) {
				mentioned.add(variable.group(2));
				if (variable.group(1) == null) {
					declared.put(variable.group(2), variable.group(3));
				}
			}
		}
		assertThat(declared.keySet()).as(".env.example sets what compose requires, and nothing else")
			.containsExactlyInAnyOrderElementsOf(COMPOSE.requiredVariables());
		assertThat(mentioned).as(".env.example names every variable of compose.yaml").containsAll(COMPOSE.variables());
		declared.forEach((name, value) -> {
			if (DeploymentFiles.SECRET_NAME.matcher(name).matches()) {
				assertThat(value).as(".env.example leaves " + name + " for you to generate").isEmpty();
			}
		});
		assertThat(DeploymentFiles.read(RepositoryFiles.root().resolve(".gitignore")).lines().toList())
			.as(".gitignore keeps docker/.env and docker/secrets/ out of git")
			.contains(".env", "docker/secrets/");
	}

	@Test
	void shouldPinEveryImageAndRunKafkaLikeTheLab() {
		for (ComposeFile.Service service : COMPOSE.services().values()) {
			if (service.buildModule() == null) {
				assertThat(service.string("image")).as(service.name() + ": a pulled image names its version")
					.matches("[^:]+:[^:]*\\d[^:]*");
			}
		}
		assertThat(COMPOSE.service("mysql").string("image")).isEqualTo("mysql:8.4");
		assertThat(COMPOSE.service("redis").string("image")).startsWith("redis:7.");
		assertThat(COMPOSE.service("kafka").string("image"))
			.as("the broker of the same Kafka release as the clients Spring Boot manages (and the lab's broker)")
			.isEqualTo("apache/kafka:" + AppInfoParser.getVersion());
		Map<String, String> kafka = COMPOSE.service("kafka").environment();
		assertThat(kafka.get("KAFKA_PROCESS_ROLES")).as("KRaft, one node").isEqualTo("broker,controller");
		assertThat(kafka).doesNotContainKey("KAFKA_ZOOKEEPER_CONNECT");
		assertThat(kafka.get("KAFKA_CONTROLLER_QUORUM_VOTERS")).isEqualTo("1@kafka:9093");
	}

	@Test
	void shouldRunNgrinderOnlyUnderItsProfile() {
		for (ComposeFile.Service service : COMPOSE.services().values()) {
			boolean ngrinder = service.name().startsWith("ngrinder-");
			assertThat(service.profiles()).as(service.name() + " profiles")
				.isEqualTo(ngrinder ? List.of("ngrinder") : List.of());
			if (ngrinder) {
				assertThat(service.string("image")).endsWith(":3.5.9");
			}
		}
		int controllerWebPort = COMPOSE.service("ngrinder-controller").publishedPorts().getFirst().target();
		assertThat(COMPOSE.service("ngrinder-agent").definition().get("command"))
			.as("the agent downloads itself from the controller's web port, and connects to it")
			.isEqualTo(List.of("ngrinder-controller:" + controllerWebPort));
		assertThat(COMPOSE.service("ngrinder-agent").dependsOn()).containsOnlyKeys("ngrinder-controller");
	}

}
