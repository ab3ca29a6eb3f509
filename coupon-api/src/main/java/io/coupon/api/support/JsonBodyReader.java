package io.coupon.api.support;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.stream.Collectors;

import io.coupon.json.StrictJson;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.exc.IgnoredPropertyException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpEntity;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.ClassUtils;

/**
 * Reads a JSON request body by {@link StrictJson}'s rules, with a mapper of its own that no {@code spring.jackson.*}
 * setting reaches, or refuses it with a {@link ProblemException} whose detail names the field and says what is
 * wrong ({@code totalQuantity: expected a JSON integer, got a number with a fraction or an exponent}).
 * <p>
 * Controllers take the body as {@code HttpEntity<byte[]>} and call {@link #read}, rather than let Spring MVC's
 * converter bind it: that converter uses the application's mapper, which a global setting can loosen.
 */
@Component
public class JsonBodyReader {

	private final JsonMapper mapper = StrictJson.forRequestBodies();

	/**
	 * @throws ProblemException 415 for a charset other than UTF-8; 400 for an empty body, one that is not a single
	 * JSON object, or one that does not bind to {@code type} exactly
	 */
	public <T> T read(HttpEntity<byte[]> request, Class<T> type) {
		requireUtf8(request.getHeaders().getContentType());
		byte[] body = (request.getBody() != null) ? request.getBody() : new byte[0];
		requireObject(body);
		try {
			return this.mapper.readValue(body, type);
		}
		catch (JacksonException ex) {
			// Without a path the failure is the document's (syntax, a duplicated key, trailing content), not a field's.
			throw invalid(ex.getPath().isEmpty() ? "body" + at(ex) : describe(ex));
		}
	}

	/** Tells "not one JSON object" apart from "an object that does not bind", which Jackson reports alike. */
	private void requireObject(byte[] body) {
		JsonToken first;
		try (JsonParser parser = this.mapper.createParser(body)) {
			first = parser.nextToken();
		}
		catch (JacksonException ex) {
			throw invalid("body" + at(ex));
		}
		if (first == null) {
			throw invalid("body: empty; expected a JSON object");
		}
		if (first != JsonToken.START_OBJECT) {
			throw invalid("body: expected a JSON object, got " + kind(first));
		}
	}

	/**
	 * RFC 8259 makes JSON UTF-8 and gives {@code application/json} no charset parameter; a client that names another
	 * charset wrote bytes this reader would decode as something else than it meant.
	 */
	private static void requireUtf8(MediaType contentType) {
		Charset charset = (contentType != null) ? contentType.getCharset() : null;
		if (charset != null && !StandardCharsets.UTF_8.equals(charset)) {
			throw new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE,
					"A JSON body is UTF-8 (RFC 8259); charset " + charset.name() + " is not accepted");
		}
	}

	/** "field: what is wrong", for a failure to bind a well-formed JSON object. */
	static String describe(JacksonException ex) {
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

	private static String kind(JsonToken token) {
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

	/** The parser's own account, with where it stopped: " (line 1, column 20): Duplicate Object property ...". */
	private static String at(JacksonException ex) {
		TokenStreamLocation location = ex.getLocation();
		String where = (location != null && location.getLineNr() > 0)
				? " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")" : "";
		return where + ": " + ex.getOriginalMessage();
	}

	private static ProblemException invalid(String detail) {
		return new ProblemException(ProblemType.INVALID_REQUEST, detail);
	}

}
