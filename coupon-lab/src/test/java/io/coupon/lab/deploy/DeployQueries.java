package io.coupon.lab.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The PromQL that the deployment asks of the services: the expressions of the Grafana dashboards in
 * docker/grafana/dashboards and of the alert rules in docker/prometheus/alerts.yml.
 */
public final class DeployQueries {

	/** Series that Prometheus writes itself for every target; no service serves them. */
	public static final Set<String> PROMETHEUS_OWN = Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped",
			"scrape_samples_post_metric_relabeling", "scrape_series_added");

	/** Labels that Prometheus attaches to every series of a target; a service's own are renamed exported_*. */
	private static final Set<String> TARGET_LABELS = Set.of("job", "instance");

	private DeployQueries() {
	}

	public static Path dashboardsDir() {
		return RepositoryFiles.docker().resolve("grafana/dashboards");
	}

	public static Path alertRules() {
		return RepositoryFiles.docker().resolve("prometheus/alerts.yml");
	}

	public static List<Path> dashboards() {
		try (Stream<Path> files = Files.list(dashboardsDir())) {
			return files.filter((file) -> file.toString().endsWith(".json")).sorted().toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Every {@code expr} in a dashboard, wherever it is nested (panels in rows, library panels, variables). */
	public static List<String> dashboardExpressions(Path dashboard) {
		List<String> expressions = new ArrayList<>();
		try {
			collectExpressions(JsonMapper.builder().build().readTree(Files.readString(dashboard)), expressions);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return expressions;
	}

	@SuppressWarnings("unchecked")
	public static List<String> alertExpressions() {
		Map<String, Object> rules;
		try {
			rules = new Yaml().load(Files.readString(alertRules()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		List<String> expressions = new ArrayList<>();
		for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
			for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
				expressions.add(String.valueOf(rule.get("expr")));
			}
		}
		return expressions;
	}

	/**
	 * The metric names that the dashboards and the alert rules select and that a service must serve: every name
	 * but Prometheus's own series.
	 */
	public static SortedSet<String> servedMetricNames() {
		SortedSet<String> names = new TreeSet<>();
		for (Path dashboard : dashboards()) {
			dashboardExpressions(dashboard).forEach((expression) -> names.addAll(PromQl.metricNames(expression)));
		}
		alertExpressions().forEach((expression) -> names.addAll(PromQl.metricNames(expression)));
		names.removeAll(PROMETHEUS_OWN);
		if (names.isEmpty()) {
			// A check against no name would pass whatever the services serve.
			throw new IllegalStateException("No metric name in " + dashboardsDir() + " nor " + alertRules());
		}
		return names;
	}

	/**
	 * The label-matching selectors of the dashboards and the alert rules on the metrics a service serves, without
	 * matchers on the labels Prometheus attaches itself.
	 */
	public static List<PromQl.Selector> servedSelectors() {
		List<String> expressions = new ArrayList<>();
		dashboards().forEach((dashboard) -> expressions.addAll(dashboardExpressions(dashboard)));
		expressions.addAll(alertExpressions());
		Set<PromQl.Selector> selectors = new LinkedHashSet<>();
		for (String expression : expressions) {
			for (PromQl.Selector selector : PromQl.selectors(expression)) {
				if (!PROMETHEUS_OWN.contains(selector.metric())) {
					selectors.add(new PromQl.Selector(selector.metric(), withoutTargetLabels(selector.equal()),
							withoutTargetLabels(selector.regex())));
				}
			}
		}
		return List.copyOf(selectors);
	}

	private static Map<String, String> withoutTargetLabels(Map<String, String> matchers) {
		Map<String, String> kept = new LinkedHashMap<>(matchers);
		kept.keySet().removeAll(TARGET_LABELS);
		return kept;
	}

	private static void collectExpressions(JsonNode node, List<String> expressions) {
		if (node.isObject()) {
			for (Map.Entry<String, JsonNode> property : node.properties()) {
				if (property.getKey().equals("expr") && property.getValue().isString()) {
					expressions.add(property.getValue().stringValue());
				}
				else {
					collectExpressions(property.getValue(), expressions);
				}
			}
		}
		else if (node.isArray()) {
			node.values().forEach((element) -> collectExpressions(element, expressions));
		}
	}

}
