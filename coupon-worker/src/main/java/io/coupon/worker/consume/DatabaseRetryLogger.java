package io.coupon.worker.consume;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.kafka.support.KafkaUtils;

/**
 * Logs each failed attempt to write a batch, once per attempt rather than once per record, and counts them in
 * {@code coupon.worker.write.failures}; also logs a dead-letter send that failed. Malformed records are not failed
 * writes: {@link MalformedRecordRecoverer} reports those when it dead-letters them.
 */
class DatabaseRetryLogger implements RetryListener {

	private static final Logger logger = LoggerFactory.getLogger(DatabaseRetryLogger.class);

	private final Counter failures;

	DatabaseRetryLogger(MeterRegistry meterRegistry) {
		this.failures = Counter.builder("coupon.worker.write.failures")
			.description("Failed attempts to write a batch of issued coupons; each one is retried")
			.register(meterRegistry);
	}

	@Override
	public void failedDelivery(ConsumerRecords<?, ?> records, Exception ex, int deliveryAttempt) {
		if (isMalformedRecord(ex)) {
			return;
		}
		this.failures.increment();
		logger.warn("Writing a batch of {} records failed (attempt {}); consumer paused, retrying after back-off: {}",
				records.count(), deliveryAttempt, NestedExceptionUtils.getMostSpecificCause(ex).toString());
		logger.debug("Write failure detail", ex);
	}

	@Override
	public void failedDelivery(ConsumerRecord<?, ?> record, Exception ex, int deliveryAttempt) {
		// Only the record-by-record handling of a BatchListenerFailedException gets here, i.e. a malformed record.
		if (!isMalformedRecord(ex)) {
			logger.warn("Processing {} failed (attempt {}): {}", KafkaUtils.format(record), deliveryAttempt,
					NestedExceptionUtils.getMostSpecificCause(ex).toString());
		}
	}

	@Override
	public void recoveryFailed(ConsumerRecord<?, ?> record, Exception original, Exception failure) {
		logger.warn("Could not dead-letter {}; it stays uncommitted and will be redelivered: {}",
				KafkaUtils.format(record), NestedExceptionUtils.getMostSpecificCause(failure).toString());
	}

	@Override
	public void recoveryFailed(ConsumerRecords<?, ?> records, Exception original, Exception failure) {
		// MalformedRecordRecoverer refused to dead-letter a valid record: a malformed record was reported while the
		// batch was being retried. The batch is redelivered and the malformed record then handled on its own.
		logger.info("Batch of {} records re-sought so that its malformed record is dead-lettered alone: {}",
				records.count(), NestedExceptionUtils.getMostSpecificCause(original).getMessage());
	}

	private static boolean isMalformedRecord(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof InvalidCouponIssuedEventException) {
				return true;
			}
		}
		return false;
	}

}
