package io.coupon.api.issue;

import java.util.Map;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WorkerProgressTests {

	private static final TopicPartition P0 = new TopicPartition("coupon.issued", 0);

	private static final TopicPartition P1 = new TopicPartition("coupon.issued", 1);

	@Test
	void shouldCountWhatLiesBetweenTheCommittedOffsetAndTheTarget() {
		assertThat(WorkerProgress.uncommitted(Map.of(P0, 10L, P1, 5L), Map.of(P0, 0L, P1, 0L),
				Map.of(P0, new OffsetAndMetadata(7), P1, new OffsetAndMetadata(5))))
			.isEqualTo(3);
	}

	@Test
	void shouldBeDoneOncePastTheTargetsEvenIfTheTopicGrewSince() {
		assertThat(WorkerProgress.uncommitted(Map.of(P0, 10L), Map.of(P0, 0L), Map.of(P0, new OffsetAndMetadata(12))))
			.isZero();
	}

	@Test
	void shouldTreatAnEmptyPartitionWithoutCommittedOffsetAsDone() {
		assertThat(WorkerProgress.uncommitted(Map.of(P0, 0L, P1, 4L), Map.of(P0, 0L, P1, 4L), Map.of())).isZero();
	}

	@Test
	void shouldWaitForEveryRecordOfAPartitionWithoutCommittedOffset() {
		assertThat(WorkerProgress.uncommitted(Map.of(P0, 4L), Map.of(P0, 1L), Map.of())).isEqualTo(3);
	}

	@Test
	void shouldNotWaitForRecordsThatRetentionDeleted() {
		// The worker cannot read them any more: it resets to the earliest offset (auto.offset.reset=earliest).
		assertThat(WorkerProgress.uncommitted(Map.of(P0, 10L), Map.of(P0, 8L), Map.of(P0, new OffsetAndMetadata(2))))
			.isEqualTo(2);
	}

}
