package io.coupon.worker;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ConsumerOffsetsIntegrationTests extends WorkerIntegrationTestSupport {

	@Test
	void shouldCommitTheEndOffsetOnceABatchIsWritten() throws Exception {
		long couponId = newCouponId();
		List<RecordMetadata> sent = send(issuedToUsers(couponId, 1, 60, newTestRun()));

		await("batch written").atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.repository.countByCouponId(couponId)).isEqualTo(60));

		await("offsets committed").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			Map<TopicPartition, Long> committed = committedOffsets();
			Map<TopicPartition, Long> end = endOffsets();
			for (TopicPartition partition : firstOffsets(sent).keySet()) {
				assertThat(committed.get(partition)).as("committed offset of %s", partition)
					.isEqualTo(end.get(partition));
			}
		});
		assertThat(committedOffsetsOfNonEmptyPartitions()).isEqualTo(nonEmptyEndOffsets());
	}

}
