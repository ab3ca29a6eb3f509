package io.coupon.lab.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One named setting of the gateway that {@code --variants} measures against the gateway as it is: the environment
 * variables only this variant's gateway gets (Spring's relaxed binding turns them into properties;
 * {@code JAVA_TOOL_OPTIONS} replaces the suite's JVM options).
 *
 * @param name how the report names it
 * @param environment the variant's environment variables
 */
public record BenchVariant(String name, Map<String, String> environment) {

	public BenchVariant {
		environment = Map.copyOf(environment);
	}

	/**
	 * Reads a variants file: a {@code [name]} line starts a variant, and each {@code NAME=VALUE} line after it is one
	 * of its environment variables, the value the rest of the line as it is (spaces and commas included); blank lines
	 * and lines starting with {@code #} are skipped.
	 * @throws IllegalArgumentException when the file cannot be read or a line is neither
	 */
	static List<BenchVariant> read(Path file) {
		List<String> lines;
		try {
			lines = Files.readAllLines(file);
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("--variants " + file + " cannot be read: " + ex.getMessage(),
					new UncheckedIOException(ex));
		}
		return parse(lines, file.toString());
	}

	static List<BenchVariant> parse(List<String> lines, String source) {
		List<BenchVariant> variants = new ArrayList<>();
		String name = null;
		Map<String, String> environment = new LinkedHashMap<>();
		for (int number = 1; number <= lines.size(); number++) {
			String line = lines.get(number - 1).strip();
			if (line.isEmpty() || line.startsWith("#")) {
				continue;
			}
			if (line.startsWith("[") && line.endsWith("]") && line.length() > 2) {
				if (name != null) {
					variants.add(new BenchVariant(name, environment));
				}
				name = line.substring(1, line.length() - 1).strip();
				environment = new LinkedHashMap<>();
				continue;
			}
			int equals = line.indexOf('=');
			String variable = (equals > 0) ? line.substring(0, equals).strip() : "";
			if (name == null || !variable.matches("[A-Za-z_][A-Za-z0-9_]*")) {
				throw new IllegalArgumentException(source + ":" + number
						+ ": expected [name] or, after it, NAME=VALUE, got " + line);
			}
			environment.put(variable, line.substring(equals + 1).strip());
		}
		if (name != null) {
			variants.add(new BenchVariant(name, environment));
		}
		if (variants.isEmpty()) {
			throw new IllegalArgumentException(source + " names no variant ([name] lines)");
		}
		return variants;
	}

}
