package io.coupon.lab.deploy;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Resolves the {@code ${name:default}} placeholders of a Spring configuration value the way the service will at
 * start: an upper-case name from the environment, any other name from the configuration's own properties, the
 * default when there is no value, and nested placeholders inside names' values and defaults.
 */
final class SpringPlaceholders {

	private static final Pattern ENVIRONMENT_VARIABLE = Pattern.compile("[A-Z_][A-Z0-9_]*");

	private static final int MAX_DEPTH = 16;

	private SpringPlaceholders() {
	}

	/**
	 * @param value the text to resolve
	 * @param properties the configuration's properties, by their dotted names
	 * @param environment the environment variables the service gets
	 * @return the resolved text, and the names that had neither a value nor a default (left as {@code ${name}})
	 */
	static Resolved resolve(String value, Map<String, String> properties, Map<String, String> environment) {
		Set<String> missing = new TreeSet<>();
		String resolved = resolve(value, properties, environment, missing, 0);
		return new Resolved(resolved, missing);
	}

	private static String resolve(String value, Map<String, String> properties, Map<String, String> environment,
			Set<String> missing, int depth) {
		if (depth > MAX_DEPTH) {
			throw new IllegalArgumentException("Placeholders nested deeper than " + MAX_DEPTH + " in " + value);
		}
		StringBuilder out = new StringBuilder();
		int i = 0;
		while (i < value.length()) {
			int start = value.indexOf("${", i);
			if (start < 0) {
				out.append(value, i, value.length());
				break;
			}
			out.append(value, i, start);
			int end = closingBrace(value, start);
			String body = value.substring(start + 2, end);
			int colon = topLevelColon(body);
			String name = (colon < 0) ? body : body.substring(0, colon);
			String fallback = (colon < 0) ? null : body.substring(colon + 1);
			String found = ENVIRONMENT_VARIABLE.matcher(name).matches() ? environment.get(name) : properties.get(name);
			if (found != null) {
				out.append(resolve(found, properties, environment, missing, depth + 1));
			}
			else if (fallback != null) {
				out.append(resolve(fallback, properties, environment, missing, depth + 1));
			}
			else {
				missing.add(name);
				out.append("${").append(name).append('}');
			}
			i = end + 1;
		}
		return out.toString();
	}

	private static int closingBrace(String value, int start) {
		int depth = 0;
		for (int i = start + 2; i < value.length(); i++) {
			if (value.startsWith("${", i)) {
				depth++;
				i++;
			}
			else if (value.charAt(i) == '}') {
				if (depth == 0) {
					return i;
				}
				depth--;
			}
		}
		throw new IllegalArgumentException("Unclosed placeholder in " + value);
	}

	private static int topLevelColon(String body) {
		int depth = 0;
		for (int i = 0; i < body.length(); i++) {
			if (body.startsWith("${", i)) {
				depth++;
				i++;
			}
			else if (body.charAt(i) == '}') {
				depth--;
			}
			else if (body.charAt(i) == ':' && depth == 0) {
				return i;
			}
		}
		return -1;
	}

	record Resolved(String value, Set<String> missing) {

	}

}
