package io.coupon.worker.consume;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.regex.Pattern;

import io.coupon.json.StrictJson;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectReader;

import org.springframework.stereotype.Component;

/**
 * Turns a record value into a {@link CouponIssuedEvent}, or throws {@link InvalidCouponIssuedEventException}.
 * <p>
 * The listener reads values as bytes and parses them here, rather than in a Kafka deserializer, so that a
 * malformed record fails inside the batch at a known index. The rules: a JSON object with {@code eventId} (a UUID
 * in its canonical form), {@code couponId} and {@code userId} (positive JSON integers, not strings or decimals) and
 * {@code acceptedAt} (an ISO-8601 instant as a string); {@code strategy} is optional and unknown fields are ignored,
 * so that coupon-api can add fields without breaking the worker. Every accepted event is storable: ids fit a
 * BIGINT and the instant a DATETIME(6), so a write that fails afterwards is the database's fault, not the record's.
 * <p>
 * Read with {@link StrictJson#forEvents()}, not the application's mapper: "42" or 42.0 as an id, a duplicated key or
 * content after the object is a producer bug to be seen, not papered over, and no global Jackson setting may change
 * that.
 */
@Component
class CouponIssuedEventParser {

	/** The range of a MySQL/MariaDB DATETIME. */
	static final Instant EARLIEST_ACCEPTED_AT = Instant.parse("1000-01-01T00:00:00Z");

	static final Instant LATEST_ACCEPTED_AT = Instant.parse("9999-12-31T23:59:59.999999Z");

	private static final Pattern CANONICAL_UUID = Pattern
		.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	private final ObjectReader reader;

	CouponIssuedEventParser() {
		this.reader = StrictJson.forEvents().readerFor(Wire.class);
	}

	CouponIssuedEvent parse(byte @Nullable [] value) {
		if (value == null) {
			throw new InvalidCouponIssuedEventException("record has no value");
		}
		Wire wire;
		try {
			wire = this.reader.readValue(value);
		}
		catch (JacksonException ex) {
			throw new InvalidCouponIssuedEventException("not a CouponIssued JSON object: " + ex.getOriginalMessage(),
					ex);
		}
		if (wire == null) {
			throw new InvalidCouponIssuedEventException("not a CouponIssued JSON object: null");
		}
		return new CouponIssuedEvent(eventId(wire.eventId()), positive("couponId", wire.couponId()),
				positive("userId", wire.userId()), acceptedAt(wire.acceptedAt()), wire.strategy());
	}

	private static UUID eventId(@Nullable String value) {
		if (value == null) {
			throw new InvalidCouponIssuedEventException("eventId is missing");
		}
		if (!CANONICAL_UUID.matcher(value).matches()) {
			throw new InvalidCouponIssuedEventException("eventId is not a UUID");
		}
		return UUID.fromString(value);
	}

	private static long positive(String field, @Nullable Long value) {
		if (value == null) {
			throw new InvalidCouponIssuedEventException(field + " is missing");
		}
		if (value <= 0) {
			throw new InvalidCouponIssuedEventException(field + " must be positive but was " + value);
		}
		return value;
	}

	private static Instant acceptedAt(@Nullable String value) {
		if (value == null) {
			throw new InvalidCouponIssuedEventException("acceptedAt is missing");
		}
		Instant instant;
		try {
			// DATETIME(6) keeps microseconds; truncating here makes the stored value predictable (MySQL would
			// round, possibly into the next second).
			instant = Instant.parse(value).truncatedTo(ChronoUnit.MICROS);
		}
		catch (DateTimeParseException ex) {
			throw new InvalidCouponIssuedEventException("acceptedAt is not an ISO-8601 instant", ex);
		}
		if (instant.isBefore(EARLIEST_ACCEPTED_AT) || instant.isAfter(LATEST_ACCEPTED_AT)) {
			throw new InvalidCouponIssuedEventException("acceptedAt is outside the range a DATETIME can store");
		}
		return instant;
	}

	/** The JSON as it arrives: every field nullable, so that a missing one gets a clear message. */
	record Wire(@Nullable String eventId, @Nullable Long couponId, @Nullable Long userId,
			@Nullable String acceptedAt, @Nullable String strategy) {

	}

}
