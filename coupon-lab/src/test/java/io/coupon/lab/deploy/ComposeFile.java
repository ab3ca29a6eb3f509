package io.coupon.lab.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.Yaml;

/**
 * A compose file as written (before interpolation), with the Compose Specification's alternative syntaxes brought to
 * one form each: environment as a map (a list entry {@code KEY} without a value maps to {@code null}, passed through
 * from the shell or the .env file), ports in the long syntax, depends_on with a condition.
 */
final class ComposeFile {

	/** {@code ${NAME}}, {@code ${NAME:-default}}, {@code ${NAME:?error}} and the forms without the colon. */
	private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?}");

	private final String text;

	private final Map<String, Service> services = new LinkedHashMap<>();

	private final Map<String, Object> root;

	@SuppressWarnings("unchecked")
	private ComposeFile(String text) {
		this.text = text;
		this.root = new Yaml().load(text);
		Map<String, Object> definitions = (Map<String, Object>) this.root.get("services");
		if (definitions == null) {
			throw new IllegalArgumentException("No services in the compose file");
		}
		definitions.forEach((name, definition) -> this.services.put(name,
				new Service(name, (Map<String, Object>) ((definition != null) ? definition : Map.of()))));
	}

	static ComposeFile read(Path file) {
		try {
			return parse(Files.readString(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static ComposeFile parse(String text) {
		return new ComposeFile(text);
	}

	Map<String, Object> root() {
		return this.root;
	}

	Map<String, Service> services() {
		return this.services;
	}

	Service service(String name) {
		Service service = this.services.get(name);
		if (service == null) {
			throw new IllegalArgumentException("No service " + name + " in " + this.services.keySet());
		}
		return service;
	}

	/** Every variable the file interpolates. */
	Set<String> variables() {
		return variables(this.text, null);
	}

	/** The variables that must be set: {@code ${NAME:?error}} or {@code ${NAME?error}}. */
	Set<String> requiredVariables() {
		return variables(this.text, "?");
	}

	static Set<String> variables(String text, String operator) {
		Set<String> names = new TreeSet<>();
		Matcher variable = VARIABLE.matcher(text);
		while (variable.find()) {
			String found = variable.group(2);
			if (operator == null || (found != null && found.endsWith(operator))) {
				names.add(variable.group(1));
			}
		}
		return names;
	}

	/**
	 * The default a value gives when its variable is unset, as in {@code ${REDIS_CPUS:-1.0}}; the value itself when
	 * it interpolates nothing.
	 */
	static String defaultOf(String value) {
		Matcher variable = VARIABLE.matcher(value);
		if (!variable.find()) {
			return value;
		}
		if (variable.start() != 0 || variable.end() != value.length() || !"-".equals(stripColon(variable.group(2)))) {
			throw new IllegalArgumentException(value + " is not one ${NAME:-default}");
		}
		return variable.group(3);
	}

	/**
	 * A value as compose passes it on when every variable without a default is set (from docker/.env) and every
	 * variable with one is not: {@code ${NAME:-default}} becomes {@code default}, {@code ${NAME:?error}} and
	 * {@code ${NAME}} become {@code <NAME>}.
	 */
	static String interpolate(String value) {
		Matcher variable = VARIABLE.matcher(value);
		StringBuilder out = new StringBuilder();
		while (variable.find()) {
			String operator = stripColon(variable.group(2));
			String replacement = ("-".equals(operator)) ? variable.group(3)
					: ("+".equals(operator)) ? "" : "<" + variable.group(1) + ">";
			variable.appendReplacement(out, Matcher.quoteReplacement(replacement));
		}
		variable.appendTail(out);
		return out.toString();
	}

	/** The variable a value consists of, as in {@code ${MYSQL_PASSWORD:?message}}; empty for anything else. */
	static Optional<String> soleVariable(String value) {
		Matcher variable = VARIABLE.matcher(value);
		return (variable.matches()) ? Optional.of(variable.group(1)) : Optional.empty();
	}

	private static String stripColon(String operator) {
		return (operator == null) ? null : operator.replace(":", "");
	}

	record Port(String hostIp, String published, int target) {

	}

	record Service(String name, Map<String, Object> definition) {

		boolean has(String key) {
			return this.definition.containsKey(key);
		}

		String string(String key) {
			Object value = this.definition.get(key);
			return (value != null) ? String.valueOf(value) : null;
		}

		/** The environment, with values as strings and {@code null} for a variable passed through unvalued. */
		Map<String, String> environment() {
			Object environment = this.definition.get("environment");
			Map<String, String> result = new LinkedHashMap<>();
			if (environment instanceof Map<?, ?> map) {
				map.forEach((key, value) -> result.put(String.valueOf(key), (value != null) ? String.valueOf(value) : null));
			}
			else if (environment instanceof List<?> list) {
				for (Object entry : list) {
					String line = String.valueOf(entry);
					int equals = line.indexOf('=');
					result.put((equals < 0) ? line : line.substring(0, equals),
							(equals < 0) ? null : line.substring(equals + 1));
				}
			}
			return result;
		}

		/** The published ports; a short-syntax entry without a host port publishes nothing and is left out. */
		List<Port> publishedPorts() {
			List<Port> ports = new ArrayList<>();
			Object declared = this.definition.get("ports");
			if (!(declared instanceof List<?> list)) {
				return ports;
			}
			for (Object entry : list) {
				if (entry instanceof Map<?, ?> port) {
					Object published = port.get("published");
					Object hostIp = port.get("host_ip");
					ports.add(new Port((hostIp != null) ? String.valueOf(hostIp) : null,
							(published != null) ? String.valueOf(published) : null,
							Integer.parseInt(String.valueOf(port.get("target")))));
				}
				else {
					// [HOST_IP:][HOST:]CONTAINER[/PROTOCOL]; a bare CONTAINER port gets a random host port.
					String spec = String.valueOf(entry).replaceAll("/.*$", "");
					String[] parts = spec.split(":");
					int target = Integer.parseInt(parts[parts.length - 1]);
					String published = (parts.length >= 2) ? parts[parts.length - 2] : "";
					String hostIp = (parts.length >= 3) ? String.join(":", Arrays.copyOf(parts, parts.length - 2))
							: null;
					ports.add(new Port(hostIp, published, target));
				}
			}
			return ports;
		}

		/** The services this one waits for, with the condition it waits for (the short syntax: service_started). */
		Map<String, String> dependsOn() {
			Object dependsOn = this.definition.get("depends_on");
			Map<String, String> result = new LinkedHashMap<>();
			if (dependsOn instanceof List<?> list) {
				list.forEach((name) -> result.put(String.valueOf(name), "service_started"));
			}
			else if (dependsOn instanceof Map<?, ?> map) {
				map.forEach((name, options) -> {
					Object condition = (options instanceof Map<?, ?> o) ? o.get("condition") : null;
					result.put(String.valueOf(name), (condition != null) ? String.valueOf(condition) : "service_started");
				});
			}
			return result;
		}

		/** The healthcheck's test as a list ({@code CMD-SHELL} form for a string), empty when there is none. */
		List<String> healthcheckTest() {
			if (!(this.definition.get("healthcheck") instanceof Map<?, ?> healthcheck)
					|| Boolean.TRUE.equals(healthcheck.get("disable"))) {
				return List.of();
			}
			Object test = healthcheck.get("test");
			if (test instanceof List<?> list) {
				return list.stream().map(String::valueOf).toList();
			}
			return (test != null) ? List.of("CMD-SHELL", String.valueOf(test)) : List.of();
		}

		/** deploy.resources.limits, as written. */
		Map<String, String> limits() {
			Map<String, String> result = new LinkedHashMap<>();
			if (this.definition.get("deploy") instanceof Map<?, ?> deploy
					&& deploy.get("resources") instanceof Map<?, ?> resources
					&& resources.get("limits") instanceof Map<?, ?> limits) {
				limits.forEach((key, value) -> result.put(String.valueOf(key), String.valueOf(value)));
			}
			return result;
		}

		/** build.args.MODULE: the Maven module the service's image is built from; null for a pulled image. */
		String buildModule() {
			if (this.definition.get("build") instanceof Map<?, ?> build && build.get("args") instanceof Map<?, ?> args) {
				Object module = args.get("MODULE");
				return (module != null) ? String.valueOf(module) : null;
			}
			return null;
		}

		Map<String, String> build() {
			Map<String, String> result = new LinkedHashMap<>();
			if (this.definition.get("build") instanceof Map<?, ?> build) {
				build.forEach((key, value) -> {
					if (!(value instanceof Map<?, ?>)) {
						result.put(String.valueOf(key), String.valueOf(value));
					}
				});
			}
			return result;
		}

		List<String> profiles() {
			Object profiles = this.definition.get("profiles");
			return (profiles instanceof List<?> list) ? list.stream().map(String::valueOf).toList() : List.of();
		}

	}

}
