package io.coupon.lab.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The facts about this machine that a reader needs to compare numbers: cores, CPU model, memory, OS, JDK. */
public final class Machine {

	private Machine() {
	}

	static int cores() {
		return Runtime.getRuntime().availableProcessors();
	}

	public static Map<String, Object> facts() {
		Map<String, Object> facts = new LinkedHashMap<>();
		facts.put("cores", cores());
		facts.put("cpu", procValue("/proc/cpuinfo", "model name").orElse(System.getProperty("os.arch")));
		facts.put("memoryGiB", procValue("/proc/meminfo", "MemTotal")
			.map((kb) -> Math.round(Long.parseLong(kb.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0))
			.orElse(null));
		facts.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
		facts.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
		return facts;
	}

	static String describe() {
		Map<String, Object> facts = facts();
		return String.format(Locale.ROOT,
				"Machine: %s cores (%s), %s GiB of memory, %s, %s. Every process of the suite and the load generator ran "
						+ "on it.",
				facts.get("cores"), facts.get("cpu"), facts.get("memoryGiB"), facts.get("os"), facts.get("java"));
	}

	private static Optional<String> procValue(String file, String key) {
		try {
			return Files.readAllLines(Path.of(file))
				.stream()
				.filter((line) -> line.startsWith(key))
				.map((line) -> line.substring(line.indexOf(':') + 1).trim())
				.findFirst();
		}
		catch (IOException | RuntimeException ex) {
			return Optional.empty();
		}
	}

}
