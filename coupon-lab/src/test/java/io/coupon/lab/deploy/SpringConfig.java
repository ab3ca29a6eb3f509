package io.coupon.lab.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
