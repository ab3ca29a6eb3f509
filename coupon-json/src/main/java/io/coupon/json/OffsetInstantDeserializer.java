package io.coupon.json;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Reads an {@link Instant} from one form only: a JSON string holding an ISO-8601 date-time with its offset
 * ({@code 2030-01-01T00:00:00Z}, {@code 2030-01-01T09:00:00+09:00}). Jackson's own reader also takes numbers and
 * digit strings as epoch seconds or milliseconds, and can be configured to read a date-time without an offset in some
 * default zone: each of those is a guess about what the writer meant, and a wrong guess moves a sale.
 * <p>
 * The resolver is strict, so a date that does not exist (February 30th, 24:00, a leap second) is refused rather than
 * moved to a neighbouring one.
 */
final class OffsetInstantDeserializer extends StdScalarDeserializer<Instant> {

	private static final DateTimeFormatter OFFSET_DATE_TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME
		.withResolverStyle(ResolverStyle.STRICT);

	OffsetInstantDeserializer() {
		super(Instant.class);
	}

	@Override
	public Instant deserialize(JsonParser parser, DeserializationContext context) {
		if (!parser.hasToken(JsonToken.VALUE_STRING)) {
			throw MismatchedInputException.from(parser, Instant.class, "expected " + StrictJson.INSTANT_FORMAT);
		}
		String text = parser.getString();
		try {
			return OffsetDateTime.parse(text, OFFSET_DATE_TIME).toInstant();
		}
		catch (DateTimeParseException ex) {
			throw InvalidFormatException.from(parser, "expected " + StrictJson.INSTANT_FORMAT, text, Instant.class);
		}
	}

}
