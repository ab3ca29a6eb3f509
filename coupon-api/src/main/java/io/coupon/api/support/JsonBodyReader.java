package io.coupon.api.support;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import io.coupon.json.StrictJson;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpEntity;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

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
			throw invalid(JsonFailureDetail.of(ex));
		}
	}

	/** Tells "not one JSON object" apart from "an object that does not bind", which Jackson reports alike. */
	private void requireObject(byte[] body) {
		JsonToken first;
		try (JsonParser parser = this.mapper.createParser(body)) {
			first = parser.nextToken();
		}
		catch (JacksonException ex) {
			throw invalid(JsonFailureDetail.of(ex));
		}
		if (first == null) {
			throw invalid("body: empty; expected a JSON object");
		}
		if (first != JsonToken.START_OBJECT) {
			throw invalid("body: expected a JSON object, got " + JsonFailureDetail.kind(first));
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

	private static ProblemException invalid(String detail) {
		return new ProblemException(ProblemType.INVALID_REQUEST, detail);
	}

}
