package io.coupon.worker.consume;

import java.util.Map;

import io.coupon.worker.config.CouponProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The listener container: batches of raw bytes, offsets committed after each batch, malformed records to the
 * dead-letter topic and database failures retried forever.
 * <p>
 * The factories are declared here rather than configured through {@code spring.kafka.*} because the listener's
 * correctness depends on these settings; {@code spring.kafka.*} still supplies the rest (bootstrap servers, group
 * id, client id, security). Boot's factory customizers are applied to them as Boot applies them to its own
 * factories, which these replace: one of them binds the Kafka clients' metrics, the consumer's lag among them, to
 * Micrometer.
 */
@Configuration(proxyBeanMethods = false)
class CouponIssuedConsumerConfiguration {

	@Bean
	ConsumerFactory<byte[], byte[]> couponIssuedConsumerFactory(KafkaProperties kafkaProperties,
			CouponProperties properties, ObjectProvider<DefaultKafkaConsumerFactoryCustomizer> customizers) {
		Map<String, Object> config = kafkaProperties.buildConsumerProperties();
		// Bytes in, parsing in the listener: a malformed value cannot fail inside poll(), where it has no index.
		config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		// The container commits after the listener returned, i.e. after the database commit; an auto-commit could
		// commit records that were never stored.
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		// A group without committed offsets (first start, or offsets expired) must read what was published before it
		// joined: "latest" would skip issued coupons.
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, properties.listener().maxPollRecords());
		DefaultKafkaConsumerFactory<byte[], byte[]> factory = new DefaultKafkaConsumerFactory<>(config);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(factory));
		return factory;
	}

	@Bean
	ProducerFactory<byte[], byte[]> deadLetterProducerFactory(KafkaProperties kafkaProperties,
			ObjectProvider<DefaultKafkaProducerFactoryCustomizer> customizers) {
		Map<String, Object> config = kafkaProperties.buildProducerProperties();
		// The dead-letter record carries the original key and value bytes unchanged.
		config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		DefaultKafkaProducerFactory<byte[], byte[]> factory = new DefaultKafkaProducerFactory<>(config);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(factory));
		return factory;
	}

	@Bean
	KafkaTemplate<byte[], byte[]> deadLetterKafkaTemplate(ProducerFactory<byte[], byte[]> deadLetterProducerFactory) {
		return new KafkaTemplate<>(deadLetterProducerFactory);
	}

	/**
	 * How failures are classified.
	 * <ul>
	 * <li>{@link InvalidCouponIssuedEventException} (not JSON, a missing or invalid field) is the only failure that
	 * is not retryable: the listener reports it with a {@code BatchListenerFailedException} carrying the record's
	 * index, and the record goes to {@code <topic><suffix>} with its headers at once.</li>
	 * <li>Everything else is retried, forever, with the whole batch, with an exponential back-off capped at
	 * {@code coupon.retry.max-interval}. That includes non-transient database errors (a missing table, revoked
	 * grants): the parser only accepts events that the table can store, so once a record is valid a failed write is
	 * the environment's fault, and a valid record sent to the dead-letter topic would be an issued coupon lost from
	 * the database. The spring-kafka defaults that skip retries (conversion or class-cast exceptions, say) are
	 * dropped for the same reason: those would be bugs, better stalled and visible than dead-lettered.</li>
	 * </ul>
	 * The batch retry pauses the consumer and keeps polling between attempts, so a long outage neither exceeds
	 * {@code max.poll.interval.ms} nor triggers a rebalance; nothing is committed until the batch is written.
	 */
	@Bean
	DefaultErrorHandler couponIssuedErrorHandler(KafkaTemplate<byte[], byte[]> deadLetterKafkaTemplate,
			CouponIssuedEventParser parser, CouponProperties properties, MeterRegistry meterRegistry) {
		String deadLetterTopic = properties.topic().deadLetterName();
		DeadLetterPublishingRecoverer deadLetterPublisher = new DeadLetterPublishingRecoverer(deadLetterKafkaTemplate,
				(record, ex) -> new TopicPartition(deadLetterTopic, record.partition()));
		MalformedRecordRecoverer recoverer = new MalformedRecordRecoverer(deadLetterPublisher, parser,
				deadLetterTopic, meterRegistry);
		DefaultErrorHandler errorHandler = new DefaultErrorHandler(recoverer, backOff(properties.retry()));
		errorHandler.setClassifications(Map.of(InvalidCouponIssuedEventException.class, false), true);
		errorHandler.setRetryListeners(new DatabaseRetryLogger(meterRegistry));
		// The seeks that follow every dead-lettered record (to redeliver the rest of the batch) are routine; at the
		// default ERROR level each would log a stack trace. Failed writes and failed dead-letter sends are reported
		// by DatabaseRetryLogger, whatever this level.
		errorHandler.setLogLevel(KafkaException.Level.INFO);
		return errorHandler;
	}

	@Bean
	ConcurrentKafkaListenerContainerFactory<byte[], byte[]> kafkaListenerContainerFactory(
			ConsumerFactory<byte[], byte[]> couponIssuedConsumerFactory, DefaultErrorHandler couponIssuedErrorHandler,
			CouponProperties properties) {
		ConcurrentKafkaListenerContainerFactory<byte[], byte[]> factory = new ConcurrentKafkaListenerContainerFactory<>();
		factory.setConsumerFactory(couponIssuedConsumerFactory);
		factory.setBatchListener(true);
		factory.setConcurrency(properties.listener().concurrency());
		factory.setCommonErrorHandler(couponIssuedErrorHandler);
		factory.getContainerProperties().setAckMode(AckMode.BATCH);
		return factory;
	}

	private static ExponentialBackOff backOff(CouponProperties.Retry retry) {
		ExponentialBackOff backOff = new ExponentialBackOff(retry.initialInterval().toMillis(), retry.multiplier());
		backOff.setMaxInterval(retry.maxInterval().toMillis());
		// Explicit, though they are the defaults: no attempt or time limit, a database outage is waited out.
		backOff.setMaxAttempts(Long.MAX_VALUE);
		backOff.setMaxElapsedTime(Long.MAX_VALUE);
		return backOff;
	}

}
