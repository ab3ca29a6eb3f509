package io.coupon.lab.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.Yaml;

/**
 * A service's application.yml as a profile sees it: the documents that no profile activates, overridden by the
 * profile's own document, flattened to dotted property names.
 */
final class SpringConfig {

	private final Map<String, String> properties;

	private SpringConfig(Map<String, String> properties) {
		this.properties = properties;
	}

	static SpringConfig forProfile(Path applicationYml, String profile) {
		String text;
		try {
			text = Files.readString(applicationYml);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Map<String, String> common = new LinkedHashMap<>();
		Map<String, String> profiled = new LinkedHashMap<>();
		for (Object document : new Yaml().loadAll(text)) {
			Map<String, String> flat = new LinkedHashMap<>();
			flatten("", document, flat);
			String activation = flat.get("spring.config.activate.on-profile");
			if (activation == null) {
				common.putAll(flat);
			}
			else if (activation.equals(profile)) {
				profiled.putAll(flat);
			}
		}
		Map<String, String> effective = new LinkedHashMap<>(common);
		effective.putAll(profiled);
		return new SpringConfig(effective);
	}

	static SpringConfig of(Map<String, String> properties) {
		return new SpringConfig(new LinkedHashMap<>(properties));
	}

	Map<String, String> properties() {
		return this.properties;
	}

	/**
	 * The configuration as Spring binds it in an environment that sets some properties through variables (relaxed
	 * binding): the variable named after a property, {@link #environmentName}, overrides its value.
	 *
	 * @param environment the variables the service gets
	 * @param otherProperties properties application.yml does not mention that a variable may set all the same
	 */
	SpringConfig boundTo(Map<String, String> environment, Set<String> otherProperties) {
		Map<String, String> bound = new LinkedHashMap<>(this.properties);
		Set<String> names = new LinkedHashSet<>(this.properties.keySet());
		names.addAll(otherProperties);
		for (String property : names) {
			String value = environment.get(environmentName(property));
			if (value != null) {
				bound.put(property, value);
			}
		}
		return new SpringConfig(bound);
	}

	/** The variable that sets a property: upper case, {@code .} as {@code _}, without dashes and list indices. */
	static String environmentName(String property) {
		return property.replaceAll("\\[\\d+]", "").replace("-", "").replace('.', '_').toUpperCase(Locale.ROOT);
	}

	/** A property's value with its placeholders resolved against the given environment. */
	SpringPlaceholders.Resolved resolve(String property, Map<String, String> environment) {
		String value = this.properties.get(property);
		if (value == null) {
			throw new IllegalArgumentException("No property " + property + " in " + this.properties.keySet());
		}
		return SpringPlaceholders.resolve(value, this.properties, environment);
	}

	private static void flatten(String prefix, Object node, Map<String, String> out) {
		if (node instanceof Map<?, ?> map) {
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				String key = String.valueOf(entry.getKey());
				flatten(prefix.isEmpty() ? key : prefix + "." + key, entry.getValue(), out);
			}
		}
		else if (node instanceof List<?> list) {
			for (int i = 0; i < list.size(); i++) {
				flatten(prefix + "[" + i + "]", list.get(i), out);
			}
		}
		else if (node != null) {
			out.put(prefix, String.valueOf(node));
		}
		else if (!prefix.isEmpty()) {
			// An empty value (`series:`) is a property set to nothing, as Spring binds it.
			out.put(prefix, "");
		}
	}

}
