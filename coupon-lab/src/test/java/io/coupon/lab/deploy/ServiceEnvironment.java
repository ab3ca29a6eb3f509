package io.coupon.lab.deploy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;

/**
 * What a Spring service reads from its environment under the docker profile, checked against the environment a
 * deployment gives it (compose's or a Kubernetes pod's): every placeholder resolves, the variables whose defaults
 * are the lab's are set, nothing points inside the container, and every host it names is one the deployment runs.
 */
final class ServiceEnvironment {

	private ServiceEnvironment() {
	}

	/**
	 * @param module the service's Maven module
	 * @param config its configuration under the docker profile
	 * @param environment the variables its container gets
	 * @param isHost whether the deployment runs a host of that name
	 * @return one line per problem, none when the environment is complete
	 */
	static List<String> problems(String module, SpringConfig config, Map<String, String> environment,
			Predicate<String> isHost) {
		List<String> problems = new ArrayList<>();
		for (String required : DeploymentFiles.REQUIRED_ENVIRONMENT.get(module)) {
			if (environment.get(required) == null || environment.get(required).isBlank()) {
				problems.add(module + ": " + required + " is not set");
			}
		}
		// With prefer-ip-address, Eureka registers the container's address and the configured host name is unused.
		boolean registersItsAddress = config.properties().containsKey("eureka.instance.prefer-ip-address")
				&& config.resolve("eureka.instance.prefer-ip-address", environment).value().equals("true");
		for (String property : config.properties().keySet()) {
			SpringPlaceholders.Resolved resolved = config.resolve(property, environment);
			resolved.missing().forEach((name) -> problems.add(module + ": " + property + " needs " + name));
			if (DeploymentFiles.LOOPBACK.matcher(resolved.value()).find()
					&& !(property.equals("eureka.instance.hostname") && registersItsAddress)) {
				problems.add(module + ": " + property + " = " + resolved.value() + " points inside its container");
			}
			for (String host : hosts(resolved.value())) {
				if (!isHost.test(host)) {
					problems.add(module + ": " + property + " = " + resolved.value() + " names no host it runs");
				}
			}
		}
		return problems;
	}

	/** The hosts that the service's resolved configuration connects to, as host:port. */
	static Set<String> hosts(SpringConfig config, Map<String, String> environment) {
		Set<String> hosts = new LinkedHashSet<>();
		config.properties().keySet().forEach((property) -> hosts.addAll(hosts(config.resolve(property, environment).value())));
		return hosts;
	}

	private static Set<String> hosts(String value) {
		Set<String> hosts = new LinkedHashSet<>();
		Matcher hostAndPort = DeploymentFiles.HOST_AND_PORT.matcher(value);
		while (hostAndPort.find()) {
			hosts.add(hostAndPort.group(1));
		}
		return hosts;
	}

}
