package io.coupon.lab.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the deployment tests read besides the compose file: the Maven modules, the services' configuration under the
 * docker profile, and the environment a service's container gets.
 */
final class DeploymentFiles {

	/** What Docker sets in every container: HOSTNAME is the container's id, different for every replica. */
	static final String CONTAINER_HOSTNAME = "container-id";

	/**
	 * Variables the services need in a container although application.yml gives them a default: the defaults are the
	 * lab's (root with an empty password, a registry without credentials), and the gateway's security settings
	 * (issue 6) have no usable default.
	 */
	static final Map<String, List<String>> REQUIRED_ENVIRONMENT = Map.of("discovery-server",
			List.of("EUREKA_USERNAME", "EUREKA_PASSWORD"), "gateway",
			List.of("EUREKA_URL", "COUPON_REDIS_URL", "COUPON_SECURITY_MODE", "COUPON_JWT_SECRET"), "coupon-api",
			List.of("EUREKA_URL", "DB_USERNAME", "DB_PASSWORD"), "coupon-worker", List.of("DB_USERNAME", "DB_PASSWORD"));

	/** The names of variables that hold a secret. */
	static final Pattern SECRET_NAME = Pattern.compile("(?i).*(PASSWORD|SECRET|TOKEN).*");

	/** An address inside the container itself. */
	static final Pattern LOOPBACK = Pattern.compile("127\\.0\\.0\\.1|localhost|\\[::1]");

	/** host:port after the start of a value, a scheme's //, credentials' @ or a list's comma. */
	static final Pattern HOST_AND_PORT = Pattern.compile("(?:^|//|@|,)([a-z][a-z0-9.-]*):(\\d{2,5})\\b");

	private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");

	private DeploymentFiles() {
	}

	static ComposeFile compose() {
		return ComposeFile.read(RepositoryFiles.docker().resolve("compose.yaml"));
	}

	static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The modules of the root pom that Spring Boot's plugin packages as applications. */
	static List<String> springBootModules() {
		List<String> modules = new ArrayList<>();
		Matcher module = MODULE.matcher(read(RepositoryFiles.root().resolve("pom.xml")));
		while (module.find()) {
			if (read(RepositoryFiles.root().resolve(module.group(1)).resolve("pom.xml"))
				.contains("<artifactId>spring-boot-maven-plugin</artifactId>")) {
				modules.add(module.group(1));
			}
		}
		return modules;
	}

	/** The services whose image is built from a Maven module, each with its module. */
	static Map<ComposeFile.Service, String> springServices(ComposeFile compose) {
		Map<ComposeFile.Service, String> services = new LinkedHashMap<>();
		compose.services().values().forEach((service) -> {
			if (service.buildModule() != null) {
				services.put(service, service.buildModule());
			}
		});
		return services;
	}

	static SpringConfig dockerProfile(String module) {
		return SpringConfig.forProfile(
				RepositoryFiles.root().resolve(module).resolve("src/main/resources/application.yml"), "docker");
	}

	/**
	 * The environment a service's container gets: what compose sets, interpolated as {@link ComposeFile#interpolate}
	 * does, and what Docker sets itself. Variables declared without a value are left out, as when unset.
	 */
	static Map<String, String> containerEnvironment(ComposeFile.Service service) {
		Map<String, String> environment = new LinkedHashMap<>();
		service.environment().forEach((name, value) -> {
			if (value != null) {
				environment.put(name, ComposeFile.interpolate(value));
			}
		});
		environment.putIfAbsent("HOSTNAME", CONTAINER_HOSTNAME);
		return environment;
	}

}
