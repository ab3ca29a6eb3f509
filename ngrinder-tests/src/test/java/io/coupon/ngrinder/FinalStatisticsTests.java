package io.coupon.ngrinder;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class FinalStatisticsTests {

	// As a Grinder 3.9.1 worker with nGrinder 3.5.9's runtime logs it (trimmed to the first columns that matter).
	private static final String LOG = """
			2026-12-01 16:03:25,766 INFO  elapsed time is 3036 ms
			2026-12-01 16:03:25,766 INFO  Final statistics for this process:
			2026-12-01 16:03:25,861 INFO \s
			             Tests        Errors       Mean Test    Test Time    TPS          Mean         Response \s
			                                       Time (ms)    Standard                  response     bytes per\s

			Test 1       190          10           90.19        207.88       65.88        20.00        1317.52      0            0.00         45.77        75.97         "issue request - all answers"
			Test 2       120          0            0.14         0.46         65.88        0.00         0.00         0            0.00         0.00         0.00          "issued 201"
			Test 4       70           0            0.14         0.46         65.88        0.00         0.00         0            0.00         0.00         0.00          "sold-out 409"
			Test 9       0            10           0.14         0.46         65.88        0.00         0.00         0            0.00         0.00         0.00          "unavailable 503"

			Totals       380          20           45.17        153.74       131.75       10.00        1317.52      0            0.00         22.89        37.99      \s

			  Tests resulting in error only contribute to the Errors column.         \s
			2026-12-01 16:03:25,861 INFO  communication shut down
			""";

	@Test
	void shouldReadEachTestsSuccessesErrorsAndDescription() {
		FinalStatistics statistics = FinalStatistics.parse(LOG);

		assertThat(statistics.tests()).containsOnlyKeys(1, 2, 4, 9);
		assertThat(statistics.test(1)).isEqualTo(new FinalStatistics.Row(1, 190, 10, "issue request - all answers"));
		assertThat(statistics.test(1).calls()).isEqualTo(200);
		assertThat(statistics.test(4).tests()).isEqualTo(70);
		assertThat(statistics.test(9)).isEqualTo(new FinalStatistics.Row(9, 0, 10, "unavailable 503"));
		assertThat(statistics.errors()).isEqualTo(20);
	}

	@Test
	void shouldCountATestThatWasNeverCalledAsNone() {
		assertThat(FinalStatistics.parse(LOG).test(3).calls()).isZero();
	}

	@Test
	void shouldRefuseALogWithoutFinalStatistics() {
		assertThatIllegalArgumentException().isThrownBy(() -> FinalStatistics.parse("INFO  starting, will do 20 runs\n"))
			.withMessageContaining("did not end normally");
	}

}
