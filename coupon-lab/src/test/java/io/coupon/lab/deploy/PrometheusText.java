package io.coupon.lab.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads Prometheus's text exposition format, as {@code /actuator/prometheus} serves it.
 */
public final class PrometheusText {

	private PrometheusText() {
	}

	/**
	 * The names of the samples in a scrape ({@code x_bucket}, {@code x_count}, {@code x_sum} of a histogram, the
	 * {@code _total} of a counter), which are the names PromQL selects; comment lines ({@code # HELP},
	 * {@code # TYPE}) are skipped.
	 */
	public static Set<String> sampleNames(String exposition) {
		Set<String> names = new TreeSet<>();
		samples(exposition).forEach((sample) -> names.add(sample.name()));
		return names;
	}

	/** Every sample of a scrape, with its labels (values unescaped); the value itself is not kept. */
	public static List<Sample> samples(String exposition) {
		List<Sample> samples = new ArrayList<>();
		for (String line : exposition.split("\n")) {
			String text = line.strip();
			if (text.isEmpty() || text.startsWith("#")) {
				continue;
			}
			int end = 0;
			while (end < text.length() && text.charAt(end) != '{' && !Character.isWhitespace(text.charAt(end))) {
				end++;
			}
			Map<String, String> labels = new LinkedHashMap<>();
			if (end < text.length() && text.charAt(end) == '{') {
				readLabels(text, end + 1, labels);
			}
			samples.add(new Sample(text.substring(0, end), labels));
		}
		return samples;
	}

	public record Sample(String name, Map<String, String> labels) {

	}

	// name="value",... up to the closing brace; a value escapes backslash, double quote and newline.
	private static void readLabels(String text, int start, Map<String, String> labels) {
		int i = start;
		while (i < text.length() && text.charAt(i) != '}') {
			int equals = text.indexOf('=', i);
			String name = text.substring(i, equals).strip();
			StringBuilder value = new StringBuilder();
			i = equals + 2;
			while (text.charAt(i) != '"') {
				if (text.charAt(i) == '\\') {
					i++;
					value.append((text.charAt(i) == 'n') ? '\n' : text.charAt(i));
				}
				else {
					value.append(text.charAt(i));
				}
				i++;
			}
			labels.put(name, value.toString());
			i++;
			if (i < text.length() && text.charAt(i) == ',') {
				i++;
			}
		}
	}

}
