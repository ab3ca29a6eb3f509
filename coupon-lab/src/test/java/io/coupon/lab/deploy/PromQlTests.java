package io.coupon.lab.deploy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PromQlTests {

	@Test
	void shouldNameTheCounterARateReads() {
		assertThat(PromQl.metricNames("sum by (outcome) (rate(coupon_issue_outcomes_total[$__rate_interval]))"))
			.containsExactly("coupon_issue_outcomes_total");
	}

	@Test
	void shouldNameTheBucketsOfAQuantileButNotItsLabelsOrNumbers() {
		assertThat(PromQl.metricNames("histogram_quantile(0.99, sum by (le, uri) "
				+ "(rate(http_server_requests_seconds_bucket{application=\"coupon-api\", "
				+ "uri=\"/api/v1/coupons/{couponId}/issue\"}[1m])))"))
			.containsExactly("http_server_requests_seconds_bucket");
	}

	@Test
	void shouldIgnoreWhatLabelMatchersAndStringsContain() {
		assertThat(PromQl.metricNames("sum(rate(a_total{outcome=~\"unavailable|withdrawn\", x!=\"by (b_total)\"}[5m]))"
				+ " / sum(rate(a_total[5m])) > 0.05"))
			.containsExactly("a_total");
		assertThat(PromQl.metricNames("label_replace(up, \"replica\", \"$1\", \"instance\", \"(.*):.*\")"))
			.containsExactly("up");
	}

	@Test
	void shouldNameEveryOperandOfBinaryOperationsAndVectorMatching() {
		assertThat(PromQl.metricNames("sum by (exported_instance) (rate(x_count[1m])) / ignoring (exported_instance) "
				+ "group_left sum(rate(y_count[1m])) and on (job) z unless w offset 5m"))
			.containsExactly("w", "x_count", "y_count", "z");
	}

	@Test
	void shouldReadNumbersAndDurationsAsNoName() {
		assertThat(PromQl.metricNames("sum(rate(cpu_ns_total[90s])) / 1e9 + 0x1f * 1.5e-3")).containsExactly("cpu_ns_total");
		assertThat(PromQl.metricNames("count(up{job=\"coupon-api\"} == 1)")).containsExactly("up");
		assertThat(PromQl.metricNames("sum(x_total offset 1h30m) > bool Inf")).containsExactly("x_total");
	}

	@Test
	void shouldTakeGrafanaVariablesForNumbersOrDurations() {
		assertThat(PromQl.metricNames("vector($stock)")).isEmpty();
		assertThat(PromQl.metricNames(
				"increase(rows_total[${__range}]) > ${threshold:raw} or max_over_time(lag[$__interval:])"))
			.containsExactly("lag", "rows_total");
	}

	@Test
	void shouldNameAggregationsWithTheirLabelListAfterTheOperand() {
		assertThat(PromQl.metricNames("max(kafka_consumer_fetch_manager_records_lag_max) by (client_id)"))
			.containsExactly("kafka_consumer_fetch_manager_records_lag_max");
		assertThat(PromQl.metricNames("sum without (instance) (jvm_memory_used_bytes{area=\"heap\"})"))
			.containsExactly("jvm_memory_used_bytes");
	}

	@Test
	void shouldReadTheLabelMatchersOfEachSelector() {
		List<PromQl.Selector> selectors = PromQl.selectors("histogram_quantile(0.99, sum by (le) (rate("
				+ "http_server_requests_seconds_bucket{application=\"coupon-api\", uri=\"/api/v1/coupons/{couponId}/issue\"}"
				+ "[$__rate_interval]))) / sum(rate(coupon_issue_outcomes_total {outcome=~\"granted|sold_out\", "
				+ "strategy!=\"lua\", exported_instance=\"$replica\"}[1m])) + count(up{job=\"x\"}) + vector($stock)");

		assertThat(selectors).containsExactly(
				new PromQl.Selector("http_server_requests_seconds_bucket",
						Map.of("application", "coupon-api", "uri", "/api/v1/coupons/{couponId}/issue"), Map.of()),
				new PromQl.Selector("coupon_issue_outcomes_total", Map.of(), Map.of("outcome", "granted|sold_out")),
				new PromQl.Selector("up", Map.of("job", "x"), Map.of()));
	}

	@Test
	void shouldSelectASampleOnlyWhenEveryMatcherHolds() {
		PromQl.Selector selector = new PromQl.Selector("x_total", Map.of("application", "coupon-api"),
				Map.of("outcome", "granted|sold_out"));

		assertThat(selector.matches("x_total", Map.of("application", "coupon-api", "outcome", "sold_out"))).isTrue();
		assertThat(selector.matches("x_total", Map.of("application", "coupon-api", "outcome", "sold"))).isFalse();
		assertThat(selector.matches("x_total", Map.of("outcome", "granted"))).isFalse();
		assertThat(selector.matches("y_total", Map.of("application", "coupon-api", "outcome", "granted"))).isFalse();
	}

}
