package io.coupon.worker;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The database fails for real while records arrive: nothing may reach the dead-letter topic, no offset may be
 * committed past an unwritten record, and every row must appear, once, when the database is back.
 */
class DatabaseOutageIntegrationTests extends WorkerIntegrationTestSupport {

	private static final int PARTITION = 2;

	@Test
	void shouldRetryWhileTheDatabaseRefusesConnectionsAndNeverDeadLetter() throws Exception {
		long couponId = newCouponId();
		String testRun = newTestRun();
		double failuresBefore = writeFailures();

		WorkerDatabase.refuseWorkerConnections();
		List<RecordMetadata> sent;
		try {
			sent = send(issuedToUsers(couponId, 1, 20, testRun));
			await("several failed attempts").atMost(Duration.ofSeconds(30))
				.until(() -> writeFailures() >= failuresBefore + 3);
			assertThat(WorkerDatabase.countRows(couponId)).isZero();
			assertNothingCommittedPast(firstOffsets(sent));
		}
		finally {
			WorkerDatabase.acceptWorkerConnections();
		}

		await("rows written once the database is back").atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertOneRowPerUser(couponId, users(1, 20)));
		awaitAllCommitted();
		assertThat(deadLettered(testRun)).as("a database outage sends nothing to the dead-letter topic").isEmpty();
	}

	@Test
	void shouldRetryAWriteBlockedByATableLockAndDeadLetterOnlyTheMalformedRecord() throws Exception {
		long couponId = newCouponId();
		String testRun = newTestRun();
		ProducerRecord<byte[], byte[]> malformed = record(PARTITION, "99",
				"{\"eventId\":\"nope\"}".getBytes(StandardCharsets.UTF_8), testRun);
		// Valid records before the malformed one: the listener must store them before it reports the malformed
		// one, and that write is what fails while the table is locked.
		List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(List.of(issued(couponId, 1, testRun, PARTITION),
				issued(couponId, 2, testRun, PARTITION), malformed, issued(couponId, 3, testRun, PARTITION)));
		records.addAll(issuedToUsers(couponId, 4, 12, testRun));
		double failuresBefore = writeFailures();

		pauseListener();
		List<RecordMetadata> sent;
		try (WorkerDatabase.TableLock lock = WorkerDatabase.lockIssuedCouponTable()) {
			try {
				sent = send(records);
			}
			finally {
				listenerContainer().resume();
			}
			await("several failed attempts").atMost(Duration.ofSeconds(30))
				.until(() -> writeFailures() >= failuresBefore + 3);
			assertThat(lock.countRows(couponId)).isZero();
			assertNothingCommittedPast(firstOffsets(sent));
			assertThat(deadLettered(testRun)).as("nothing dead-lettered during the outage").isEmpty();
		}

		await("rows written once the lock is released").atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertOneRowPerUser(couponId, users(1, 12)));
		await("malformed record dead-lettered").atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(deadLettered(testRun)).isNotEmpty());
		awaitAllCommitted();
		List<ConsumerRecord<byte[], byte[]>> deadLettered = deadLettered(testRun);
		assertThat(deadLettered).as("only the malformed record, once").hasSize(1);
		assertThat(deadLettered.get(0).value()).isEqualTo(malformed.value());
	}

	private static void assertNothingCommittedPast(Map<TopicPartition, Long> firstOffsets) throws Exception {
		Map<TopicPartition, Long> committed = committedOffsets();
		firstOffsets.forEach((partition, first) -> assertThat(committed.getOrDefault(partition, 0L))
			.as("committed offset of %s while its records are not written", partition)
			.isLessThanOrEqualTo(first));
	}

}
