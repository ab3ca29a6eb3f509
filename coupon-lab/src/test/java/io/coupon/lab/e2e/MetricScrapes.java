package io.coupon.lab.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.coupon.lab.RunningSuite;
import io.coupon.lab.deploy.PrometheusText;

/**
 * Scrapes {@code /actuator/prometheus} of every service of a running suite, as Prometheus does in docker/compose.yaml.
 */
final class MetricScrapes {

	private MetricScrapes() {
	}

	/**
	 * The samples that the gateway, every coupon-api replica, the worker and Eureka serve, together.
	 *
	 * @throws IllegalStateException if a service does not answer a scrape with samples
	 */
	static List<PrometheusText.Sample> samplesOfEveryService(RunningSuite suite) throws Exception {
		Map<String, String> services = new LinkedHashMap<>();
		services.put("gateway", suite.gatewayUrl());
		for (int replica = 1; replica <= suite.options().apiPorts().size(); replica++) {
			services.put("coupon-api-" + replica, suite.apiUrl(replica));
		}
		services.put("coupon-worker", "http://127.0.0.1:" + suite.options().workerPort());
		services.put("discovery-server", "http://127.0.0.1:" + suite.options().discoveryPort());
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		List<PrometheusText.Sample> samples = new ArrayList<>();
		for (Map.Entry<String, String> service : services.entrySet()) {
			HttpResponse<String> scrape = http.send(
					HttpRequest.newBuilder(URI.create(service.getValue() + "/actuator/prometheus"))
						.timeout(Duration.ofSeconds(10))
						.build(),
					HttpResponse.BodyHandlers.ofString());
			List<PrometheusText.Sample> served = PrometheusText.samples(scrape.body());
			if (scrape.statusCode() != 200 || served.isEmpty()) {
				throw new IllegalStateException(service.getKey() + " answered " + scrape.statusCode() + " with "
						+ served.size() + " samples to a scrape");
			}
			samples.addAll(served);
		}
		return samples;
	}

}
