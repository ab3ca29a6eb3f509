package io.coupon.lab.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker/grafana: the provisioned datasource and dashboard folder against the compose file, and the dashboard's
 * panels. Whether the metrics the panels query exist is checked against live scrapes by IssuanceEndToEndTests.
 */
class GrafanaDashboardTests {

	private static final Path GRAFANA = RepositoryFiles.docker().resolve("grafana");

	@Test
	@SuppressWarnings("unchecked")
	void shouldProvisionThePrometheusOfComposeAndTheDashboardFolder() {
		ComposeFile compose = DeploymentFiles.compose();
		Map<String, Object> datasources = new Yaml()
			.load(DeploymentFiles.read(GRAFANA.resolve("provisioning/datasources/prometheus.yml")));
		Map<String, Object> prometheus = ((List<Map<String, Object>>) datasources.get("datasources")).getFirst();
		int prometheusPort = compose.service("prometheus").publishedPorts().getFirst().target();
		assertThat(prometheus).containsEntry("type", "prometheus")
			.containsEntry("uid", "prometheus")
			.containsEntry("url", "http://prometheus:" + prometheusPort);

		Map<String, Object> providers = new Yaml()
			.load(DeploymentFiles.read(GRAFANA.resolve("provisioning/dashboards/coupon-platform.yml")));
		Object path = ((Map<String, Object>) ((List<Map<String, Object>>) providers.get("providers")).getFirst()
			.get("options")).get("path");
		ComposeFile.Service grafana = compose.service("grafana");
		assertThat((List<String>) grafana.definition().get("volumes")).contains(
				"./grafana/provisioning:/etc/grafana/provisioning:ro", "./grafana/dashboards:" + path + ":ro");
		String home = grafana.environment().get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH");
		assertThat(home).startsWith(path + "/");
		assertThat(DeployQueries.dashboardsDir().resolve(home.substring(String.valueOf(path).length() + 1)))
			.as("the home dashboard").isRegularFile();
	}

	@Test
	void shouldQueryTheProvisionedPrometheusFromEveryPanelWithoutOverlaps() {
		for (Path file : DeployQueries.dashboards()) {
			JsonNode dashboard = JsonMapper.builder().build().readTree(DeploymentFiles.read(file));
			assertThat(dashboard.path("uid").asString()).as(file + " uid").isNotBlank();
			Set<Long> ids = new HashSet<>();
			List<int[]> areas = new ArrayList<>();
			for (JsonNode panel : dashboard.path("panels").values()) {
				String title = panel.path("title").asString();
				assertThat(ids.add(panel.path("id").asLong())).as(title + ": its id is unique").isTrue();
				assertThat(panel.path("datasource").path("uid").asString()).as(title).isEqualTo("prometheus");
				assertThat(panel.path("targets").values()).as(title + " queries").isNotEmpty().allSatisfy((target) -> {
					assertThat(target.path("expr").asString()).isNotBlank();
					assertThat(target.path("datasource").path("uid").asString()).isEqualTo("prometheus");
				});
				JsonNode grid = panel.path("gridPos");
				int[] area = { grid.path("x").asInt(), grid.path("y").asInt(), grid.path("w").asInt(),
						grid.path("h").asInt() };
				assertThat(area[0] + area[2]).as(title + " fits Grafana's 24 columns").isLessThanOrEqualTo(24);
				for (int[] other : areas) {
					boolean overlaps = area[0] < other[0] + other[2] && other[0] < area[0] + area[2]
							&& area[1] < other[1] + other[3] && other[1] < area[1] + area[3];
					assertThat(overlaps).as(title + " overlaps another panel").isFalse();
				}
				areas.add(area);
			}
		}
	}

	@Test
	void shouldShowWhatALoadTestIsWatchedFor() {
		List<String> expressions = DeployQueries.dashboards()
			.stream()
			.flatMap((file) -> DeployQueries.dashboardExpressions(file).stream())
			.toList();
		Set<String> names = new HashSet<>();
		expressions.forEach((expression) -> names.addAll(PromQl.metricNames(expression)));

		assertThat(names).as("TPS and latency percentiles through the gateway")
			.contains("spring_cloud_gateway_requests_seconds_count", "spring_cloud_gateway_requests_seconds_bucket");
		assertThat(names).as("outcome mix, issued vs stock, decision and publish latency")
			.contains("coupon_issue_outcomes_total", "coupon_issue_decision_seconds_bucket",
					"coupon_issue_publish_seconds_bucket");
		assertThat(names).as("consumer lag and worker throughput")
			.contains("kafka_consumer_fetch_manager_records_lag_max", "coupon_worker_rows_inserted_total",
					"coupon_worker_batch_size_bucket");
		assertThat(names).as("CPU and memory per service").contains("process_cpu_time_ns_total", "jvm_memory_used_bytes");
		assertThat(expressions).as("the share of each replica, by the instance id each replica tags its metrics with")
			.anyMatch((expression) -> expression.contains("by (exported_instance)"));
		assertThat(expressions).as("histogram quantiles p50, p95 and p99")
			.anyMatch((expression) -> expression.startsWith("histogram_quantile(0.5,"))
			.anyMatch((expression) -> expression.startsWith("histogram_quantile(0.95,"))
			.anyMatch((expression) -> expression.startsWith("histogram_quantile(0.99,"));
		assertThat(expressions).as("the stock typed in the dashboard").contains("vector($stock)");
	}

}
