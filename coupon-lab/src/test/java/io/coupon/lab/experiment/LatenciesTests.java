package io.coupon.lab.experiment;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LatenciesTests {

	@Test
	void shouldTakeNearestRankPercentilesFromTheHistogram() {
		long[] histogram = new long[1000];
		// 100 answers: 1 ms .. 100 ms, one each.
		for (int ms = 1; ms <= 100; ms++) {
			histogram[ms] = 1;
		}

		Latencies latencies = Latencies.of(histogram);

		assertThat(latencies.count()).isEqualTo(100);
		assertThat(latencies.mean()).isCloseTo(50.5, within(0.001));
		assertThat(latencies.p50()).isEqualTo(50);
		assertThat(latencies.p95()).isEqualTo(95);
		assertThat(latencies.p99()).isEqualTo(99);
		assertThat(latencies.max()).isEqualTo(100);
	}

	@Test
	void shouldShowASlowTailThatTheMedianHides() {
		long[] histogram = new long[2000];
		histogram[5] = 980;
		histogram[1500] = 20;

		Latencies latencies = Latencies.of(histogram);

		assertThat(latencies.p50()).isEqualTo(5);
		assertThat(latencies.p95()).isEqualTo(5);
		assertThat(latencies.p99()).isEqualTo(1500);
		assertThat(latencies.max()).isEqualTo(1500);
	}

	@Test
	void shouldReportNothingForNoAnswers() {
		assertThat(Latencies.of(new long[10])).isEqualTo(Latencies.NONE);
	}

}
