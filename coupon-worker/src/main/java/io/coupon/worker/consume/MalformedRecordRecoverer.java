package io.coupon.worker.consume;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.listener.ConsumerAwareRecordRecoverer;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.KafkaUtils;

/**
 * Sends a record to the dead-letter topic only if the record itself is malformed, and refuses otherwise.
 * <p>
 * The classification in the error handler already keeps database failures away from the recoverer (they are
 * retried forever), but one path reaches it with well-formed records: the listener writes the records before a
 * malformed one and then throws {@code BatchListenerFailedException}; if that write first failed on the database,
 * the error handler's batch retry is running when the {@code BatchListenerFailedException} arrives, it classifies
 * it as not retryable, and its fallback recovers <em>every</em> record of the batch. Refusing here makes the
 * retry re-seek the batch instead; on redelivery, outside the retry, the listener writes the valid records again
 * (idempotently) and the {@code BatchListenerFailedException} is handled record by record, so only the malformed
 * record is dead-lettered. Asking the parser, rather than inspecting the exception, also keeps any future path from
 * dead-lettering a record the worker could have stored.
 */
class MalformedRecordRecoverer implements ConsumerAwareRecordRecoverer {

	private static final Logger logger = LoggerFactory.getLogger(MalformedRecordRecoverer.class);

	private final ConsumerAwareRecordRecoverer deadLetterPublisher;

	private final CouponIssuedEventParser parser;

	private final String deadLetterTopic;

	private final Counter deadLettered;

	MalformedRecordRecoverer(ConsumerAwareRecordRecoverer deadLetterPublisher, CouponIssuedEventParser parser,
			String deadLetterTopic, MeterRegistry meterRegistry) {
		this.deadLetterPublisher = deadLetterPublisher;
		this.parser = parser;
		this.deadLetterTopic = deadLetterTopic;
		this.deadLettered = Counter.builder("coupon.worker.dead.lettered")
			.description("Malformed CouponIssued records sent to the dead-letter topic")
			.register(meterRegistry);
	}

	@Override
	public void accept(ConsumerRecord<?, ?> record, @Nullable Consumer<?, ?> consumer, Exception exception) {
		InvalidCouponIssuedEventException malformed = whyMalformed(record);
		if (malformed == null) {
			throw new IllegalStateException("Not dead-lettering " + KafkaUtils.format(record)
					+ ": it is a valid CouponIssued event, so its failure is the database's and it will be retried",
					exception);
		}
		// The parser's exception as the cause, rather than the container's ListenerExecutionFailedException around a
		// BatchListenerFailedException around it: the dead-letter headers then name the actual problem
		// (kafka_dlt-exception-cause-fqcn, kafka_dlt-exception-message). The group id is carried over because the
		// publisher reads kafka_dlt-original-consumer-group from a ListenerExecutionFailedException.
		this.deadLetterPublisher.accept(record, consumer, new ListenerExecutionFailedException(
				"Malformed CouponIssued record: " + malformed.getMessage(), groupId(exception, consumer), malformed));
		this.deadLettered.increment();
		logger.warn("Sent malformed record {} to {}: {}", KafkaUtils.format(record), this.deadLetterTopic,
				malformed.getMessage());
	}

	private static @Nullable String groupId(Exception exception, @Nullable Consumer<?, ?> consumer) {
		for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
			if (cause instanceof ListenerExecutionFailedException listenerFailure && listenerFailure.getGroupId() != null) {
				return listenerFailure.getGroupId();
			}
		}
		return (consumer != null) ? consumer.groupMetadata().groupId() : null;
	}

	private @Nullable InvalidCouponIssuedEventException whyMalformed(ConsumerRecord<?, ?> record) {
		Object value = record.value();
		if (value != null && !(value instanceof byte[])) {
			// Not what the container factory delivers; nothing to judge the record by, so do not drop it.
			return null;
		}
		try {
			this.parser.parse((byte[]) value);
			return null;
		}
		catch (InvalidCouponIssuedEventException ex) {
			return ex;
		}
	}

}
