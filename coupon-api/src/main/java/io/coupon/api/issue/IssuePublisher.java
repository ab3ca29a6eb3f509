package io.coupon.api.issue;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.coupon.api.support.CouponProperties;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

/**
 * Publishes {@link CouponIssuedEvent}s and says how a publish ended: confirmed, definitely not written, or unknown.
 * The distinction decides whether a slot may be given back (only when the event certainly is not in Kafka).
 */
@Component
class IssuePublisher {

	private static final Logger log = LoggerFactory.getLogger(IssuePublisher.class);

	private final KafkaTemplate<String, String> kafka;

	private final JsonMapper json;

	private final String topic;

	private final CouponProperties.PublishMode mode;

	private final Duration timeout;

	private final IssueMetrics metrics;

	IssuePublisher(KafkaTemplate<String, String> kafka, JsonMapper json, CouponProperties properties,
			IssueMetrics metrics) {
		this.kafka = kafka;
		this.json = json;
		this.metrics = metrics;
		this.topic = properties.topic().name();
		this.mode = properties.issue().publish();
		this.timeout = properties.issue().publishTimeout();
	}

	PublishResult publish(CouponIssuedEvent event) {
		return this.metrics.timePublish(() -> send(this.topic, event));
	}

	/**
	 * The same publish to another topic, and outside the issuance meters: the warm-up's events go where the worker does
	 * not read, and count in no issuance series.
	 */
	PublishResult publishWarmUp(String warmUpTopic, CouponIssuedEvent event) {
		return send(warmUpTopic, event);
	}

	private PublishResult send(String topic, CouponIssuedEvent event) {
		String value = this.json.writeValueAsString(event);
		CompletableFuture<SendResult<String, String>> sent;
		try {
			sent = this.kafka.send(topic, Long.toString(event.userId()), value);
		}
		catch (RuntimeException ex) {
			// Thrown by send() itself: the record was never handed to the producer's buffer.
			return PublishResult.definitelyFailed(ex);
		}
		// The producer completes the future inside send() only when it fails before appending the record to its
		// buffer (serialisation, metadata or buffer-memory timeouts): such a record cannot reach the broker.
		boolean failedBeforeAppend = sent.isCompletedExceptionally();
		if (this.mode == CouponProperties.PublishMode.FIRE_AND_FORGET && !failedBeforeAppend) {
			sent.whenComplete((result, ex) -> {
				if (ex != null) {
					log.error("Fire-and-forget publish failed after a success was answered: {}", event, ex);
				}
			});
			return PublishResult.UNCONFIRMED;
		}
		try {
			sent.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
			return PublishResult.CONFIRMED;
		}
		catch (ExecutionException ex) {
			Throwable cause = rootCause(ex);
			return (failedBeforeAppend || rejectedWithoutWrite(cause)) ? PublishResult.definitelyFailed(cause)
					: PublishResult.indeterminate(cause);
		}
		catch (TimeoutException ex) {
			return PublishResult.indeterminate(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return PublishResult.indeterminate(ex);
		}
	}

	CouponIssuedEvent event(long couponId, long userId, java.time.Instant acceptedAt, String strategy) {
		return new CouponIssuedEvent(UUID.randomUUID(), couponId, userId, acceptedAt, strategy);
	}

	/**
	 * Errors with which the broker (or the client, before sending) refuses a record without writing it. Everything
	 * else, above all a delivery timeout or a network error, may have left the record in the log.
	 */
	static boolean rejectedWithoutWrite(Throwable cause) {
		return cause instanceof SerializationException || cause instanceof RecordTooLargeException
				|| cause instanceof RecordBatchTooLargeException || cause instanceof InvalidTopicException
				|| cause instanceof AuthorizationException;
	}

	private static Throwable rootCause(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return cause;
	}

	record PublishResult(Status status, Throwable failure) {

		/** Handed over for good: confirmed by the broker, or fire-and-forget where nobody waits to know. */
		boolean accepted() {
			return this.status == Status.CONFIRMED || this.status == Status.UNCONFIRMED;
		}

		static final PublishResult CONFIRMED = new PublishResult(Status.CONFIRMED, null);

		static final PublishResult UNCONFIRMED = new PublishResult(Status.UNCONFIRMED, null);

		static PublishResult definitelyFailed(Throwable failure) {
			return new PublishResult(Status.DEFINITELY_FAILED, failure);
		}

		static PublishResult indeterminate(Throwable failure) {
			return new PublishResult(Status.INDETERMINATE, failure);
		}

		enum Status {

			/** The broker acknowledged the event (acks=all). */
			CONFIRMED,
			/** Fire-and-forget mode: handed to the producer, nobody waited. */
			UNCONFIRMED,
			/** The event certainly is not in Kafka. */
			DEFINITELY_FAILED,
			/** The event may or may not be in Kafka. */
			INDETERMINATE

		}

	}

}
