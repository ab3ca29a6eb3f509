package io.coupon.worker.consume;

import java.util.ArrayList;
import java.util.List;

import io.coupon.worker.config.CouponProperties;
import io.coupon.worker.persist.IssuedCouponWriter;
import io.coupon.worker.persist.NewIssuedCoupon;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Writes each batch of {@code CouponIssued} records as issued coupons.
 * <p>
 * The container commits the batch's offsets after this method returns, that is after the database transaction
 * committed (ack mode BATCH, no auto-commit): a crash in between redelivers records that are already stored, which
 * the idempotent INSERT absorbs.
 * <p>
 * Rows are counted only once their transaction committed, so a write that failed and is retried counts once.
 */
@Component
class CouponIssuedListener {

	static final String ID = "coupon-issued-writer";

	private static final Logger logger = LoggerFactory.getLogger(CouponIssuedListener.class);

	private final CouponIssuedEventParser parser;

	private final IssuedCouponWriter writer;

	private final CouponProperties properties;

	private final DistributionSummary batchSize;

	private final Counter inserted;

	private final Counter duplicates;

	CouponIssuedListener(CouponIssuedEventParser parser, IssuedCouponWriter writer, CouponProperties properties,
			MeterRegistry meterRegistry) {
		this.parser = parser;
		this.writer = writer;
		this.properties = properties;
		this.batchSize = DistributionSummary.builder("coupon.worker.batch.size")
			.description("Records per batch delivered to the listener, redeliveries included")
			.publishPercentileHistogram()
			.minimumExpectedValue(1.0)
			.maximumExpectedValue((double) properties.listener().maxPollRecords())
			.register(meterRegistry);
		this.inserted = Counter.builder("coupon.worker.rows.inserted")
			.description("Issued coupons inserted as new rows")
			.register(meterRegistry);
		this.duplicates = Counter.builder("coupon.worker.rows.duplicate")
			.description("Records that inserted nothing: their row existed already or came twice in a batch")
			.register(meterRegistry);
	}

	/** The topic to consume, for the {@code topics} expression below. */
	public String topic() {
		return this.properties.topic().name();
	}

	@KafkaListener(id = ID, topics = "#{__listener.topic()}", idIsGroup = false)
	void onBatch(List<ConsumerRecord<byte[], byte[]>> records) {
		logger.debug("Received a batch of {} records", records.size());
		this.batchSize.record(records.size());
		List<NewIssuedCoupon> coupons = new ArrayList<>(records.size());
		for (int index = 0; index < records.size(); index++) {
			ConsumerRecord<byte[], byte[]> record = records.get(index);
			CouponIssuedEvent event;
			try {
				event = this.parser.parse(record.value());
			}
			catch (InvalidCouponIssuedEventException ex) {
				// The error handler commits the offsets before this index, dead-letters this record and redelivers
				// the rest, so the records before it must be stored first. If this write fails, the database
				// exception (not a BatchListenerFailedException) makes the error handler retry the whole batch.
				write(coupons);
				throw new BatchListenerFailedException(ex.getMessage(), ex, index);
			}
			coupons.add(new NewIssuedCoupon(event.couponId(), event.userId(), event.acceptedAt()));
		}
		write(coupons);
	}

	private void write(List<NewIssuedCoupon> coupons) {
		IssuedCouponWriter.Written written = this.writer.write(coupons);
		this.inserted.increment(written.inserted());
		this.duplicates.increment(written.duplicates());
	}

}
