package io.coupon.worker.persist;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes a batch of issued coupons with one multi-row, idempotent INSERT.
 * <p>
 * {@code ON DUPLICATE KEY UPDATE id = id} turns a row that already exists for (coupon, user) into a no-op, so a
 * redelivered record or the same user twice in a batch counts as success, while every other error (a missing
 * table, a lost connection, a lock wait timeout) still fails the statement. {@code INSERT IGNORE} would downgrade
 * some of those errors to warnings and silently drop rows.
 * <p>
 * The statement's update count says how many rows it inserted, because the data source sets Connector/J's
 * {@code useAffectedRows} (application.yml): an existing row left at its values then counts 0 instead of 1.
 */
@Component
public class IssuedCouponWriter {

	private static final Logger logger = LoggerFactory.getLogger(IssuedCouponWriter.class);

	private static final String INSERT_PREFIX = "INSERT INTO issued_coupon (coupon_id, user_id, accepted_at, persisted_at) VALUES ";

	// UTC_TIMESTAMP(6) rather than NOW(6): the column is read back as UTC whatever the session time zone is.
	private static final String ROW = "(?, ?, ?, UTC_TIMESTAMP(6))";

	private static final String ON_DUPLICATE = " ON DUPLICATE KEY UPDATE id = id";

	private static final Comparator<NewIssuedCoupon> BY_KEY = Comparator.comparingLong(NewIssuedCoupon::couponId)
		.thenComparingLong(NewIssuedCoupon::userId);

	private final JdbcTemplate jdbcTemplate;

	IssuedCouponWriter(JdbcTemplate jdbcTemplate) {
		this.jdbcTemplate = jdbcTemplate;
	}

	/**
	 * Writes the coupons in one transaction; returns normally only once the transaction committed, which is what
	 * lets the listener container commit the Kafka offsets afterwards.
	 * @param coupons the coupons, possibly with duplicates
	 * @return how many of the coupons became new rows, and how many did not because their (coupon, user) was stored
	 * already or came more than once
	 */
	@Transactional
	public Written write(List<NewIssuedCoupon> coupons) {
		if (coupons.isEmpty()) {
			return new Written(0, 0);
		}
		List<NewIssuedCoupon> rows = distinctInKeyOrder(coupons);
		StringBuilder sql = new StringBuilder(INSERT_PREFIX.length() + rows.size() * (ROW.length() + 1)
				+ ON_DUPLICATE.length());
		sql.append(INSERT_PREFIX);
		List<Object> arguments = new ArrayList<>(rows.size() * 3);
		for (NewIssuedCoupon row : rows) {
			if (arguments.size() > 0) {
				sql.append(',');
			}
			sql.append(ROW);
			arguments.add(row.couponId());
			arguments.add(row.userId());
			// A LocalDateTime in UTC is written as is: no driver or session time zone shifts it.
			arguments.add(LocalDateTime.ofInstant(row.acceptedAt(), ZoneOffset.UTC));
		}
		sql.append(ON_DUPLICATE);
		int inserted = this.jdbcTemplate.update(sql.toString(), arguments.toArray());
		logger.debug("Inserted {} issued coupons ({} records in the batch, {} distinct)", inserted, coupons.size(),
				rows.size());
		return new Written(inserted, coupons.size() - inserted);
	}

	/**
	 * Keeps the first occurrence of each (coupon, user), the earliest in the partition's order, and sorts by the
	 * unique key: two consumers inserting in the same key order take the unique-index locks in the same order,
	 * which makes deadlocks between concurrent batches less likely (a deadlock would still only cost a retry).
	 */
	private static List<NewIssuedCoupon> distinctInKeyOrder(List<NewIssuedCoupon> coupons) {
		Map<NewIssuedCoupon, NewIssuedCoupon> byKey = new TreeMap<>(BY_KEY);
		for (NewIssuedCoupon coupon : coupons) {
			byKey.putIfAbsent(coupon, coupon);
		}
		return new ArrayList<>(byKey.values());
	}

	/**
	 * @param inserted coupons that became new rows
	 * @param duplicates coupons that did not: their row existed already, or the batch held them more than once
	 */
	public record Written(int inserted, int duplicates) {
	}

}
