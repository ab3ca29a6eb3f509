package io.coupon.worker;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.support.KafkaHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DeadLetterIntegrationTests extends WorkerIntegrationTestSupport {

	private static final int PARTITION = 1;

	@Test
	void shouldSendMalformedRecordsToTheDeadLetterTopicWithTheirHeadersAndWriteTheValidOnes() throws Exception {
		long couponId = newCouponId();
		String testRun = newTestRun();
		ProducerRecord<byte[], byte[]> notJson = record(PARTITION, "3", bytes("{\"couponId\": oops"), testRun);
		notJson.headers().add("traceparent", bytes("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
		notJson.headers().add("source", bytes("coupon-api"));
		ProducerRecord<byte[], byte[]> negativeCoupon = record(PARTITION, "4", bytes("""
				{"eventId":"9d1c6a2e-3b4f-4e5a-8c7d-6e5f4a3b2c1d","couponId":-1,"userId":4,"acceptedAt":"2026-11-22T02:30:00Z"}"""),
				testRun);
		negativeCoupon.headers().add("source", bytes("coupon-api"));
		List<ProducerRecord<byte[], byte[]>> records = List.of(issued(couponId, 1, testRun, PARTITION),
				issued(couponId, 2, testRun, PARTITION), notJson, issued(couponId, 3, testRun, PARTITION),
				negativeCoupon, issued(couponId, 4, testRun, PARTITION));

		List<RecordMetadata> sent = sendAsOneBatch(records);

		await("valid records written").atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.repository.countByCouponId(couponId)).isEqualTo(4));
		await("malformed records dead-lettered").atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(deadLettered(testRun)).hasSize(2));
		awaitAllCommitted();

		assertOneRowPerUser(couponId, users(1, 4));
		List<ConsumerRecord<byte[], byte[]>> deadLettered = deadLettered(testRun);
		assertThat(deadLettered).as("only the malformed records, each once").hasSize(2);
		assertDeadLetterOf(deadLettered.get(0), notJson, sent.get(2));
		assertThat(header(deadLettered.get(0), "traceparent"))
			.isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
		assertThat(header(deadLettered.get(0), KafkaHeaders.DLT_EXCEPTION_MESSAGE))
			.contains("not a CouponIssued JSON object");
		assertDeadLetterOf(deadLettered.get(1), negativeCoupon, sent.get(4));
		assertThat(header(deadLettered.get(1), KafkaHeaders.DLT_EXCEPTION_MESSAGE))
			.contains("couponId must be positive but was -1");
	}

	private static void assertDeadLetterOf(ConsumerRecord<byte[], byte[]> deadLetter,
			ProducerRecord<byte[], byte[]> original, RecordMetadata sent) {
		assertThat(deadLetter.partition()).as("same partition as the original").isEqualTo(sent.partition());
		assertThat(deadLetter.key()).isEqualTo(original.key());
		assertThat(deadLetter.value()).isEqualTo(original.value());
		// The original headers, unchanged.
		assertThat(header(deadLetter, TEST_RUN_HEADER)).isEqualTo(header(original));
		assertThat(header(deadLetter, "source")).isEqualTo("coupon-api");
		// The headers DeadLetterPublishingRecoverer adds.
		assertThat(header(deadLetter, KafkaHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo(TOPIC);
		assertThat(intHeader(deadLetter, KafkaHeaders.DLT_ORIGINAL_PARTITION)).isEqualTo(sent.partition());
		assertThat(longHeader(deadLetter, KafkaHeaders.DLT_ORIGINAL_OFFSET)).isEqualTo(sent.offset());
		assertThat(header(deadLetter, KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP)).isEqualTo(GROUP_ID);
		assertThat(header(deadLetter, KafkaHeaders.DLT_EXCEPTION_FQCN))
			.isEqualTo("org.springframework.kafka.listener.ListenerExecutionFailedException");
		assertThat(header(deadLetter, KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN))
			.isEqualTo("io.coupon.worker.consume.InvalidCouponIssuedEventException");
		assertThat(header(deadLetter, KafkaHeaders.DLT_EXCEPTION_STACKTRACE)).isNotBlank();
	}

	private static String header(ProducerRecord<byte[], byte[]> record) {
		return new String(record.headers().lastHeader(TEST_RUN_HEADER).value(), StandardCharsets.UTF_8);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
