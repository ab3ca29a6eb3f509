package io.coupon.worker.consume;

import java.util.ArrayList;
import java.util.List;

import io.coupon.worker.config.CouponProperties;
import io.coupon.worker.persist.IssuedCouponWriter;
import io.coupon.worker.persist.NewIssuedCoupon;
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
 */
@Component
class CouponIssuedListener {

	static final String ID = "coupon-issued-writer";

	private static final Logger logger = LoggerFactory.getLogger(CouponIssuedListener.class);

	private final CouponIssuedEventParser parser;

	private final IssuedCouponWriter writer;

	private final CouponProperties properties;

	CouponIssuedListener(CouponIssuedEventParser parser, IssuedCouponWriter writer, CouponProperties properties) {
		this.parser = parser;
		this.writer = writer;
		this.properties = properties;
	}

	/** The topic to consume, for the {@code topics} expression below. */
	public String topic() {
		return this.properties.topic().name();
	}

	@KafkaListener(id = ID, topics = "#{__listener.topic()}", idIsGroup = false)
	void onBatch(List<ConsumerRecord<byte[], byte[]>> records) {
		logger.debug("Received a batch of {} records", records.size());
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
				this.writer.write(coupons);
				throw new BatchListenerFailedException(ex.getMessage(), ex, index);
			}
			coupons.add(new NewIssuedCoupon(event.couponId(), event.userId(), event.acceptedAt()));
		}
		this.writer.write(coupons);
	}

}
