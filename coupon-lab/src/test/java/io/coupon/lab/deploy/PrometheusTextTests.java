package io.coupon.lab.deploy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PrometheusTextTests {

	@Test
	void shouldNameEverySampleOfAHistogramACounterAndAGauge() {
		String scrape = """
				# HELP coupon_issue_decision_seconds
				# TYPE coupon_issue_decision_seconds histogram
				coupon_issue_decision_seconds_bucket{application="coupon-api",strategy="lua",le="0.001"} 3
				coupon_issue_decision_seconds_bucket{application="coupon-api",strategy="lua",le="+Inf"} 4
				coupon_issue_decision_seconds_count{application="coupon-api",strategy="lua"} 4
				coupon_issue_decision_seconds_sum{application="coupon-api",strategy="lua"} 0.0123
				# TYPE coupon_issue_outcomes_total counter
				coupon_issue_outcomes_total{outcome="granted",uri="a b {c}"} 12.0
				process_uptime_seconds 42.5 1700000000000
				kafka_consumer_fetch_manager_records_lag_max{client_id="c-0"} NaN

				""";

		assertThat(PrometheusText.sampleNames(scrape)).containsExactly("coupon_issue_decision_seconds_bucket",
				"coupon_issue_decision_seconds_count", "coupon_issue_decision_seconds_sum", "coupon_issue_outcomes_total",
				"kafka_consumer_fetch_manager_records_lag_max", "process_uptime_seconds");
	}

	@Test
	void shouldReadLabelsWithEscapedAndBracedValues() {
		String scrape = """
				http_server_requests_seconds_count{application="coupon-api",uri="/api/v1/coupons/{couponId}/issue",note="a \\"b\\" \\\\ c"} 5
				process_uptime_seconds 42.5
				""";

		assertThat(PrometheusText.samples(scrape)).containsExactly(
				new PrometheusText.Sample("http_server_requests_seconds_count",
						Map.of("application", "coupon-api", "uri", "/api/v1/coupons/{couponId}/issue", "note",
								"a \"b\" \\ c")),
				new PrometheusText.Sample("process_uptime_seconds", Map.of()));
	}

}
