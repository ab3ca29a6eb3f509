package io.coupon.api.support;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.stream.Collectors;

import io.coupon.json.StrictJson;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.exc.IgnoredPropertyException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import org.springframework.util.ClassUtils;

/**
 * Says in a problem detail why {@link JsonBodyReader} refused a body, in the client's terms (the field, the JSON type
 * expected and the one sent) rather than Jackson's (Java types, feature names).
 */
final class JsonFailureDetail {

	private JsonFailureDetail() {
	}

	/**
	 * "field: what is wrong"; for a failure without a path, which is the document's (its syntax, a duplicated key,
	 * trailing content) rather than a field's, "body" and the parser's own account of where it stopped.
	 */
	static String of(JacksonException ex) {
		if (ex.getPath().isEmpty()) {
			return "body" + at(ex);
		}
		String problem = switch (ex) {
			case IgnoredPropertyException ignored -> "set by the server; a request cannot set it";
			case UnrecognizedPropertyException unknown -> "unknown property; known: " + unknown.getKnownPropertyIds()
				.stream()
				.map(String::valueOf)
				.sorted()
				.collect(Collectors.joining(", "));
			case MismatchedInputException mismatch when mismatch.getTargetType() != null ->
				"expected " + expected(mismatch.getTargetType()) + ", got " + got(mismatch);
			default -> ex.getOriginalMessage();
		};
		return path(ex) + ": " + problem;
	}

	private static String path(JacksonException ex) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.isEmpty() ? "body" : path.toString();
	}

	private static String expected(Class<?> type) {
		Class<?> boxed = ClassUtils.resolvePrimitiveIfNecessary(type);
		if (boxed == Integer.class || boxed == Long.class || boxed == Short.class || boxed == Byte.class
				|| boxed == BigInteger.class) {
			return "a JSON integer";
		}
		if (boxed == Double.class || boxed == Float.class || boxed == BigDecimal.class) {
			return "a JSON number";
		}
		if (boxed == String.class) {
			return "a JSON string";
		}
		if (boxed == Boolean.class) {
			return "true or false";
		}
		if (boxed == Instant.class) {
			return StrictJson.INSTANT_FORMAT;
		}
		if (boxed.isEnum()) {
			return "one of " + Arrays.toString(boxed.getEnumConstants());
		}
		if (boxed.isArray() || Collection.class.isAssignableFrom(boxed)) {
			return "a JSON array";
		}
		return "a JSON object";
	}

	/** What was sent instead: a malformed string is quoted, anything else named by its JSON type. */
	private static String got(MismatchedInputException ex) {
		if (ex instanceof InvalidFormatException format && format.getValue() instanceof String text) {
			return "\"" + ((text.length() <= 40) ? text : text.substring(0, 40) + "...") + "\"";
		}
		return kind(ex.getCurrentToken());
	}

	static String kind(JsonToken token) {
		if (token == null) {
			return "nothing";
		}
		return switch (token) {
			case VALUE_STRING -> "a string";
			case VALUE_NUMBER_INT -> "an integer";
			case VALUE_NUMBER_FLOAT -> "a number with a fraction or an exponent";
			case VALUE_TRUE, VALUE_FALSE -> "a boolean";
			case VALUE_NULL -> "null";
			case START_ARRAY -> "an array";
			case START_OBJECT -> "an object";
			default -> "nothing";
		};
	}

	/** " (line 1, column 20): Duplicate Object property ...". */
	private static String at(JacksonException ex) {
		TokenStreamLocation location = ex.getLocation();
		String where = (location != null && location.getLineNr() > 0)
				? " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")" : "";
		return where + ": " + ex.getOriginalMessage();
	}

}
