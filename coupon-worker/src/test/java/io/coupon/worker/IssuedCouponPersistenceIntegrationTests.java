package io.coupon.worker;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.coupon.worker.persist.IssuedCoupon;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.listener.MessageListenerContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class IssuedCouponPersistenceIntegrationTests extends WorkerIntegrationTestSupport {

	@Test
	void shouldWriteEachIssuedCouponExactlyOnce() throws Exception {
		long couponId = newCouponId();
		String testRun = newTestRun();
		Instant acceptedAt = Instant.parse("2025-06-01T08:15:30.123456Z");
		List<ProducerRecord<byte[], byte[]>> first = new ArrayList<>(issuedToUsers(couponId, 2, 40, testRun));
		first.add(record(null, "1", """
				{"eventId":"0b6f6c1e-0a0e-4c38-9d7e-5f1a2b3c4d5e","couponId":%d,"userId":1,"acceptedAt":"%s"}"""
			.formatted(couponId, acceptedAt).getBytes(StandardCharsets.UTF_8), testRun));
		// The same (coupon, user) twice in one batch: a second publish of the same issuance gets a new event id.
		first.add(issued(couponId, 5, testRun));
		first.add(issued(couponId, 5, testRun));

		sendAsOneBatch(first);
		await("first batch written").atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.repository.countByCouponId(couponId)).isEqualTo(40));

		// A later batch that repeats records already written, as a redelivery by the producer would.
		List<ProducerRecord<byte[], byte[]>> second = new ArrayList<>(issuedToUsers(couponId, 41, 80, testRun));
		second.addAll(first.subList(0, 10));
		second.add(first.get(first.size() - 1));
		sendAsOneBatch(second);
		await("second batch written").atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.repository.countByCouponId(couponId)).isEqualTo(80));
		awaitAllCommitted();

		assertOneRowPerUser(couponId, users(1, 80));
		IssuedCoupon row = this.repository.findByCouponId(couponId)
			.stream()
			.filter((coupon) -> coupon.getUserId() == 1)
			.findFirst()
			.orElseThrow();
		assertThat(row.getAcceptedAt()).as("acceptedAt survives the round trip through DATETIME(6)")
			.isEqualTo(acceptedAt);
		assertThat(row.getPersistedAt()).isAfter(acceptedAt).isBefore(Instant.now().plusSeconds(60));
	}

	@Test
	void shouldKeepOneRowPerUserWhenTheGroupRereadsCommittedRecords() throws Exception {
		long couponId = newCouponId();
		String testRun = newTestRun();
		List<RecordMetadata> sent = send(issuedToUsers(couponId, 1, 30, testRun));
		await("records written").atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.repository.countByCouponId(couponId)).isEqualTo(30));
		awaitAllCommitted();
		Map<Long, Instant> persistedAt = persistedAtByUser(couponId);

		// Rewind the group to this test's first records, as a crash between the database commit and the offset
		// commit would: every one of them is delivered a second time.
		Map<TopicPartition, Long> rewindTo = firstOffsets(sent);
		MessageListenerContainer container = listenerContainer();
		container.stop();
		try {
			Map<TopicPartition, OffsetAndMetadata> offsets = rewindTo.entrySet()
				.stream()
				.collect(Collectors.toMap(Map.Entry::getKey, (entry) -> new OffsetAndMetadata(entry.getValue())));
			// The group must be empty before its offsets can be altered; its members leave as they stop.
			await("offsets rewound").atMost(Duration.ofSeconds(30))
				.ignoreExceptions()
				.untilAsserted(() -> admin.alterConsumerGroupOffsets(GROUP_ID, offsets).all().get());
			assertThat(committedOffsets()).containsAllEntriesOf(rewindTo);
		}
		finally {
			container.start();
		}

		// Committed offsets move back to the end only once the rewound records were consumed again.
		awaitAllCommitted();
		assertOneRowPerUser(couponId, users(1, 30));
		assertThat(persistedAtByUser(couponId)).as("a redelivered record changes nothing").isEqualTo(persistedAt);
	}

	private Map<Long, Instant> persistedAtByUser(long couponId) {
		return this.repository.findByCouponId(couponId)
			.stream()
			.collect(Collectors.toMap(IssuedCoupon::getUserId, IssuedCoupon::getPersistedAt));
	}

}
