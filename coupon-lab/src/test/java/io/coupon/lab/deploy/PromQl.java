package io.coupon.lab.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression selects: what a scrape must contain for the expression to return data. Names
 * are taken as written, so {@code rate(x_total[1m])} needs {@code x_total} and
 * {@code histogram_quantile(0.99, sum by (le) (rate(t_seconds_bucket[1m])))} needs {@code t_seconds_bucket}.
 * Grafana's variables ({@code $__rate_interval}, {@code $stock}) may appear where PromQL takes a duration or a number.
 */
public final class PromQl {

	// Grafana's $name, ${name} and ${name:format}, and [[name]].
	private static final Pattern GRAFANA_VARIABLE = Pattern
		.compile("\\$\\{[^}]*}|\\$[A-Za-z_][A-Za-z0-9_]*|\\[\\[[^]]*]]");

	private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");

	// Label matchers and range or subquery selectors, once strings are gone, hold no braces or brackets of their own.
	private static final Pattern MATCHERS_OR_RANGE = Pattern.compile("\\{[^}]*}|\\[[^]]*]");

	// The label lists of aggregations and vector matching name labels, not metrics.
	private static final Pattern LABEL_LIST = Pattern
		.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");

	// A number (0.99, 1e9, 0x1f) or a duration (5m, 1h30m) is one token, so that its letters are not read as a name.
	private static final Pattern TOKEN = Pattern
		.compile("(?<number>[0-9.][0-9A-Za-z_.]*)|(?<name>[A-Za-z_:][A-Za-z0-9_:]*)");

	// One label matcher of a selector's braces: label, operator, double-quoted value.
	private static final Pattern MATCHER = Pattern
		.compile("\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*,?");

	private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring",
			"group_left", "group_right", "offset", "bool", "inf", "nan", "atan2");

	private PromQl() {
	}

	public static Set<String> metricNames(String expression) {
		String text = GRAFANA_VARIABLE.matcher(expression).replaceAll("1");
		text = STRING.matcher(text).replaceAll("\"\"");
		text = MATCHERS_OR_RANGE.matcher(text).replaceAll(" ");
		text = LABEL_LIST.matcher(text).replaceAll(" ");
		Set<String> names = new TreeSet<>();
		Matcher token = TOKEN.matcher(text);
		while (token.find()) {
			String name = token.group("name");
			if (name == null || KEYWORDS.contains(name.toLowerCase(Locale.ROOT))) {
				continue;
			}
			if (!isCall(text, token.end())) {
				names.add(name);
			}
		}
		return names;
	}

	/**
	 * The selectors of an expression that name a metric and match labels, such as
	 * {@code http_server_requests_seconds_count{application="coupon-api", uri=~"/api/.*"}}, with their {@code =} and
	 * {@code =~} matchers. Negative matchers and values holding a Grafana variable are left out: what they match
	 * cannot be told from the expression alone.
	 */
	public static List<Selector> selectors(String expression) {
		List<Selector> selectors = new ArrayList<>();
		int i = 0;
		while (i < expression.length()) {
			char c = expression.charAt(i);
			if (c == '"' || c == '\'' || c == '`') {
				i = endOfString(expression, i);
				continue;
			}
			if (c == '{') {
				int end = endOfMatchers(expression, i);
				String metric = nameBefore(expression, i);
				if (metric != null) {
					selectors.add(new Selector(metric, matchers(expression.substring(i + 1, end), "="),
							matchers(expression.substring(i + 1, end), "=~")));
				}
				i = end + 1;
				continue;
			}
			i++;
		}
		return selectors;
	}

	/** A metric selector's name and its positive label matchers. */
	public record Selector(String metric, Map<String, String> equal, Map<String, String> regex) {

		/** Whether a sample with this name and these labels would be selected. */
		public boolean matches(String name, Map<String, String> labels) {
			if (!this.metric.equals(name)) {
				return false;
			}
			for (Map.Entry<String, String> matcher : this.equal.entrySet()) {
				if (!matcher.getValue().equals(labels.getOrDefault(matcher.getKey(), ""))) {
					return false;
				}
			}
			for (Map.Entry<String, String> matcher : this.regex.entrySet()) {
				if (!labels.getOrDefault(matcher.getKey(), "").matches(matcher.getValue())) {
					return false;
				}
			}
			return true;
		}

	}

	private static Map<String, String> matchers(String body, String operator) {
		Map<String, String> matchers = new LinkedHashMap<>();
		Matcher matcher = MATCHER.matcher(body);
		while (matcher.find()) {
			String value = matcher.group(3).replace("\\\\", "\\");
			if (matcher.group(2).equals(operator) && !value.contains("$")) {
				matchers.put(matcher.group(1), value);
			}
		}
		return matchers;
	}

	private static int endOfString(String text, int start) {
		char quote = text.charAt(start);
		for (int i = start + 1; i < text.length(); i++) {
			if (text.charAt(i) == '\\' && quote != '`') {
				i++;
			}
			else if (text.charAt(i) == quote) {
				return i + 1;
			}
		}
		throw new IllegalArgumentException("Unclosed string in " + text);
	}

	private static int endOfMatchers(String text, int start) {
		int i = start + 1;
		while (i < text.length()) {
			char c = text.charAt(i);
			if (c == '"' || c == '\'' || c == '`') {
				i = endOfString(text, i);
			}
			else if (c == '}') {
				return i;
			}
			else {
				i++;
			}
		}
		throw new IllegalArgumentException("Unclosed label matchers in " + text);
	}

	private static String nameBefore(String text, int brace) {
		int end = brace;
		while (end > 0 && Character.isWhitespace(text.charAt(end - 1))) {
			end--;
		}
		int start = end;
		while (start > 0 && (Character.isLetterOrDigit(text.charAt(start - 1)) || text.charAt(start - 1) == '_'
				|| text.charAt(start - 1) == ':')) {
			start--;
		}
		return (start < end) ? text.substring(start, end) : null;
	}

	/** A name followed by an opening parenthesis is a function or an aggregation. */
	private static boolean isCall(String text, int end) {
		for (int i = end; i < text.length(); i++) {
			char c = text.charAt(i);
			if (!Character.isWhitespace(c)) {
				return c == '(';
			}
		}
		return false;
	}

}
