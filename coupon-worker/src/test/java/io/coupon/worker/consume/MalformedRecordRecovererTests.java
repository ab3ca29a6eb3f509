package io.coupon.worker.consume;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import org.springframework.dao.QueryTimeoutException;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class MalformedRecordRecovererTests {

	private final List<ConsumerRecord<?, ?>> deadLettered = new ArrayList<>();

	private final List<Exception> reasons = new ArrayList<>();

	private final SimpleMeterRegistry meterRegistry = new SimpleMeterRegistry();

	private final MalformedRecordRecoverer recoverer = new MalformedRecordRecoverer(
			(record, consumer, ex) -> {
				this.deadLettered.add(record);
				this.reasons.add(ex);
			}, new CouponIssuedEventParser(), "coupon.issued.DLT",
			this.meterRegistry);

	@Test
	void shouldDeadLetterAMalformedRecord() {
		ConsumerRecord<byte[], byte[]> record = record("{\"couponId\":42}");

		this.recoverer.accept(record, null, new ListenerExecutionFailedException("listener failed", "coupon-worker",
				new BatchListenerFailedException("malformed", new InvalidCouponIssuedEventException("x"), 0)));

		assertThat(this.deadLettered).containsExactly(record);
		assertThat(this.reasons).singleElement(InstanceOfAssertFactories.THROWABLE)
			.isInstanceOf(ListenerExecutionFailedException.class)
			.hasMessageContaining("eventId is missing")
			.cause()
			.isInstanceOf(InvalidCouponIssuedEventException.class)
			.hasMessage("eventId is missing");
		assertThat(((ListenerExecutionFailedException) this.reasons.get(0)).getGroupId()).isEqualTo("coupon-worker");
		assertThat(this.meterRegistry.get("coupon.worker.dead.lettered").counter().count()).isEqualTo(1);
	}

	@Test
	void shouldRefuseToDeadLetterAValidRecordWhateverTheException() {
		ConsumerRecord<byte[], byte[]> record = record("""
				{"eventId":"3f1b0c9e-2a4d-4c1e-9b7a-0d2f5e6a7b8c","couponId":42,"userId":7,"acceptedAt":"2026-11-22T02:30:00Z"}""");

		// What the batch retry passes for every record of the batch when a malformed record follows an outage.
		assertThatIllegalStateException().isThrownBy(() -> this.recoverer.accept(record, null,
				new BatchListenerFailedException("malformed", new InvalidCouponIssuedEventException("x"), 3)));
		assertThatIllegalStateException()
			.isThrownBy(() -> this.recoverer.accept(record, null, new QueryTimeoutException("lock wait timeout")));
		assertThat(this.deadLettered).isEmpty();
	}

	private static ConsumerRecord<byte[], byte[]> record(String value) {
		return new ConsumerRecord<>("coupon.issued", 0, 0, "7".getBytes(StandardCharsets.UTF_8),
				value.getBytes(StandardCharsets.UTF_8));
	}

}
