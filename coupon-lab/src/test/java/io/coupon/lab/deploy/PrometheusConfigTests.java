package io.coupon.lab.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker/prometheus: the scrape configuration against the compose file and the services' ports, the alert rules'
 * structure, and, on a machine that has promtool, {@code promtool check config} (which checks the rule files too).
 */
class PrometheusConfigTests {

	private static final Path CONFIG = RepositoryFiles.docker().resolve("prometheus/prometheus.yml");

	@Test
	@SuppressWarnings("unchecked")
	void shouldScrapeEverySpringServiceWhereComposeRunsIt() {
		ComposeFile compose = DeploymentFiles.compose();
		Map<String, Object> config = new Yaml().load(DeploymentFiles.read(CONFIG));
		List<Map<String, Object>> jobs = (List<Map<String, Object>>) config.get("scrape_configs");
		assertThat(jobs).extracting((job) -> job.get("job_name")).doesNotHaveDuplicates();

		DeploymentFiles.springServices(compose).forEach((service, module) -> {
			String port = DeploymentFiles.dockerProfile(module)
				.resolve("server.port", DeploymentFiles.containerEnvironment(service))
				.value();
			Map<String, Object> job = jobs.stream()
				.filter((each) -> module.equals(each.get("job_name")))
				.findFirst()
				.orElseThrow(() -> new AssertionError("No scrape job " + module));
			assertThat(job.get("metrics_path")).as(module + " metrics path").isEqualTo("/actuator/prometheus");
			if (module.equals("coupon-api")) {
				// Every replica: one address per container behind the service's DNS name.
				assertThat((List<Map<String, Object>>) job.get("dns_sd_configs")).as("coupon-api discovery")
					.singleElement()
					.satisfies((dns) -> {
						assertThat(dns.get("names")).isEqualTo(List.of("coupon-api"));
						assertThat(dns.get("type")).isEqualTo("A");
						assertThat(String.valueOf(dns.get("port"))).isEqualTo(port);
					});
				assertThat(job).doesNotContainKey("static_configs");
			}
			else {
				assertThat((List<Map<String, Object>>) job.get("static_configs")).as(module + " target")
					.singleElement()
					.satisfies((targets) -> assertThat(targets.get("targets")).isEqualTo(List.of(module + ":" + port)));
			}
		});

		ComposeFile.Service prometheus = compose.service("prometheus");
		assertThat((List<String>) prometheus.definition().get("volumes")).contains("./prometheus:/etc/prometheus:ro");
		assertThat((List<String>) prometheus.definition().get("command"))
			.contains("--config.file=/etc/prometheus/prometheus.yml");
		for (String ruleFile : (List<String>) config.get("rule_files")) {
			assertThat(CONFIG.resolveSibling(ruleFile)).as("rule file, relative to prometheus.yml").isRegularFile();
		}
	}

	@Test
	@SuppressWarnings("unchecked")
	void shouldHoldWellFormedAlertRulesAndPassPromtoolWhereItIsInstalled() throws Exception {
		Map<String, Object> rules = new Yaml().load(DeploymentFiles.read(DeployQueries.alertRules()));
		List<String> alerts = new ArrayList<>();
		for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
			assertThat(group.get("name")).isNotNull();
			for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
				alerts.add(String.valueOf(rule.get("alert")));
				assertThat(String.valueOf(rule.get("expr"))).as(rule.get("alert") + " expr").isNotBlank();
				assertThat(PromQl.metricNames(String.valueOf(rule.get("expr")))).as(rule.get("alert") + " metrics")
					.isNotEmpty();
				assertThat((Map<String, Object>) rule.get("annotations")).as(rule.get("alert") + " annotations")
					.containsKey("summary");
			}
		}
		assertThat(new HashSet<>(alerts)).as("alert names").hasSameSizeAs(alerts).doesNotContain("null");

		Optional<Path> promtool = onPath("promtool");
		if (promtool.isPresent()) {
			Process check = new ProcessBuilder(promtool.get().toString(), "check", "config", CONFIG.toString())
				.redirectErrorStream(true)
				.start();
			assertThat(check.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
			String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(check.exitValue()).as("promtool check config " + CONFIG + ":\n" + output).isZero();
			assertThat(output).contains("SUCCESS");
		}
		else {
			System.out.println("promtool is not on the PATH: `promtool check config` was not run on " + CONFIG);
		}
	}

	private static Optional<Path> onPath(String command) throws IOException {
		String path = System.getenv("PATH");
		if (path == null) {
			return Optional.empty();
		}
		for (String dir : path.split(File.pathSeparator)) {
			Path candidate = Path.of(dir).resolve(command);
			if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
				return Optional.of(candidate);
			}
		}
		return Optional.empty();
	}

}
