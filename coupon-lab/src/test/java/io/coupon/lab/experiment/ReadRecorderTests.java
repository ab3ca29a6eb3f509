package io.coupon.lab.experiment;

import io.coupon.lab.check.ReadChecker;
import io.coupon.lab.check.ReadOutcome;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReadRecorderTests {

	private static final long SECOND = 1_000_000_000L;

	@Test
	void shouldCountRequestsNotIterationsAndKeepEveryStatusReadForTheChecker() {
		long start = 1_000 * SECOND;
		ReadRecorder recorder = new ReadRecorder(start, 3);

		recorder.recordWarmup(ReadOutcome.COUNTS);
		// Two iterations in the first second, one in the second; the last status read timed out.
		recorder.record(ReadRequest.COUPON_COUNTS, 7, ReadOutcome.COUNTS, "coupon-api:8101", 4, start + 1);
		recorder.record(ReadRequest.ISSUE_STATUS, 7, ReadOutcome.ISSUED, "coupon-api:8102", 6, start + 2);
		recorder.record(ReadRequest.COUPON_COUNTS, 8, ReadOutcome.COUNTS, "coupon-api:8101", 2, start + 3);
		recorder.record(ReadRequest.ISSUE_STATUS, 8, ReadOutcome.NOT_ISSUED, "coupon-api:8102", 8, start + 4);
		recorder.record(ReadRequest.COUPON_COUNTS, 9, ReadOutcome.OVERSOLD, "coupon-api:8101", 3, start + SECOND);
		recorder.record(ReadRequest.ISSUE_STATUS, 9, ReadOutcome.NO_ANSWER, null, -1, start + SECOND + 1);

		ReadResult result = recorder.result(2.0);

		assertThat(result.total()).isEqualTo(6);
		assertThat(result.tps()).as("requests per second").isEqualTo(3.0);
		assertThat(result.iterationsPerSecond()).isEqualTo(1.5);
		assertThat(result.requests(ReadRequest.ISSUE_STATUS)).isEqualTo(3);
		assertThat(result.errors()).as("the oversold count and the unanswered status read").isEqualTo(2);
		assertThat(result.oversoldReads()).isOne();
		assertThat(result.count(ReadRequest.ISSUE_STATUS, ReadOutcome.ISSUED)).isOne();
		assertThat(result.count(ReadRequest.COUPON_COUNTS, ReadOutcome.ISSUED)).isZero();
		assertThat(result.answersTimeline()).containsExactly(4L, 2L, 0L);
		assertThat(result.errorsTimeline()).containsExactly(0L, 2L, 0L);
		assertThat(result.instances()).containsEntry("coupon-api:8101", 3L).containsEntry("(none)", 1L);
		assertThat(result.latencies().count()).isEqualTo(5);
		assertThat(result.latenciesByRequest().get(ReadRequest.COUPON_COUNTS).max()).isEqualTo(4);
		assertThat(result.latenciesByRequest().get(ReadRequest.ISSUE_STATUS).max()).isEqualTo(8);
		assertThat(result.statusAnswers()).containsExactlyInAnyOrder(
				new ReadChecker.StatusAnswer(7, ReadOutcome.ISSUED),
				new ReadChecker.StatusAnswer(8, ReadOutcome.NOT_ISSUED),
				new ReadChecker.StatusAnswer(9, ReadOutcome.NO_ANSWER));
		assertThat(recorder.allRequests()).as("the warm-up counts only for the progress line").isEqualTo(7);
		assertThat(recorder.allErrors()).isEqualTo(2);
	}

}
