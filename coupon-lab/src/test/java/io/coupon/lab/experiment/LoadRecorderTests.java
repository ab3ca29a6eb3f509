package io.coupon.lab.experiment;

import io.coupon.lab.check.InvariantChecker;
import io.coupon.lab.check.Outcome;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LoadRecorderTests {

	private static final long SECOND = 1_000_000_000L;

	@Test
	void shouldCountMeasuredAnswersByOutcomeReplicaAndSecond() {
		long start = 1_000 * SECOND;
		LoadRecorder recorder = new LoadRecorder(start, 3);

		recorder.recordWarmup(Outcome.ISSUED);
		recorder.record(1, Outcome.ISSUED, "coupon-api:8101", 10, start + SECOND / 2);
		recorder.record(2, Outcome.ISSUED, "coupon-api:8102", 20, start + SECOND + 1);
		recorder.record(1, Outcome.ALREADY_ISSUED, "coupon-api:8101", 5, start + SECOND + 2);
		recorder.record(3, Outcome.FAILED, null, 30, start + SECOND + 3);
		// No answer at all, and an answer after the end of the timeline: it lands in the last second.
		recorder.record(4, Outcome.TIMED_OUT, null, -1, start + 10 * SECOND);

		LoadResult result = recorder.result(2.0);

		assertThat(result.total()).isEqualTo(5);
		assertThat(result.count(Outcome.ISSUED)).isEqualTo(2);
		assertThat(result.errors()).isEqualTo(2);
		assertThat(result.tps()).isEqualTo(2.5);
		assertThat(result.issuedPerSecond()).isEqualTo(1.0);
		assertThat(result.instances()).containsEntry("coupon-api:8101", 2L)
			.containsEntry("coupon-api:8102", 1L)
			.containsEntry("(none)", 2L);
		assertThat(result.instances().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(result.total());
		assertThat(result.answersTimeline()).containsExactly(1L, 3L, 1L);
		assertThat(result.issuedTimeline()).containsExactly(1L, 1L, 0L);
		assertThat(result.errorsTimeline()).containsExactly(0L, 1L, 1L);
		assertThat(result.peakTps()).isEqualTo(3);
		// Only answers with a response time are in the histogram.
		assertThat(result.latencies().count()).isEqualTo(4);
		assertThat(result.requests()).contains(new InvariantChecker.Request(4, Outcome.TIMED_OUT));
		assertThat(recorder.allRequests()).isEqualTo(6);
		assertThat(recorder.allErrors()).isEqualTo(2);
	}

}
