package io.coupon.api.support;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class JsonBodyReaderTests {

	private final JsonBodyReader reader = new JsonBodyReader();

	@Test
	void shouldReadAStrictlyValidBody() {
		Body body = read("{\"name\":\"x\",\"count\":10,\"at\":\"2030-01-01T09:00:00+09:00\",\"items\":[1]}");

		assertThat(body).isEqualTo(new Body("x", 10, Instant.parse("2030-01-01T00:00:00Z"), List.of(1)));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			{"name":"x","issueStartAt":"2030-01-01T00:00:00Z"} | issueStartAt: unknown property; known: at, count, items, name
			{"id":5}                                           | id: set by the server; a request cannot set it
			{"count":10.7}                                     | count: expected a JSON integer, got a number with a fraction or an exponent
			{"count":"10"}                                     | count: expected a JSON integer, got a string
			{"count":true}                                     | count: expected a JSON integer, got a boolean
			{"count":99999999999}                              | count: Numeric value (99999999999) out of range of `int` (-2147483648 - 2147483647)
			{"name":5}                                         | name: expected a JSON string, got an integer
			{"name":{"a":1}}                                   | name: expected a JSON string, got an object
			{"at":"2030-01-01T00:00:00"}                       | at: expected an ISO-8601 date-time with an offset, such as 2030-01-01T00:00:00Z, got "2030-01-01T00:00:00"
			{"at":1893456000}                                  | at: expected an ISO-8601 date-time with an offset, such as 2030-01-01T00:00:00Z, got an integer
			{"items":[1,"2"]}                                  | items[1]: expected a JSON integer, got a string
			{"items":1}                                        | items: expected a JSON array, got an integer
			""")
	void shouldNameTheFieldAndWhatIsWrongWithIt(String json, String detail) {
		assertThatExceptionOfType(ProblemException.class).isThrownBy(() -> read(json))
			.satisfies((ex) -> assertThat(ex.type()).isEqualTo(ProblemType.INVALID_REQUEST))
			.withMessage(detail);
	}

	@Test
	void shouldNameADuplicatedKeyAndWhereItIs() {
		assertThatExceptionOfType(ProblemException.class).isThrownBy(() -> read("{\"count\":10,\"count\":11}"))
			.withMessage("body (line 1, column 20): Duplicate Object property \"count\"");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			[]        | body: expected a JSON object, got an array
			"text"    | body: expected a JSON object, got a string
			42        | body: expected a JSON object, got an integer
			null      | body: expected a JSON object, got null
			""")
	void shouldRefuseABodyThatIsNotAnObject(String json, String detail) {
		assertThatExceptionOfType(ProblemException.class).isThrownBy(() -> read(json)).withMessage(detail);
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"count\":10} {}", "{\"count\":10} x", "{not json", "{\"count\":10 /* c */}" })
	void shouldRefuseWhatIsNotOneJsonValue(String json) {
		assertThatExceptionOfType(ProblemException.class).isThrownBy(() -> read(json))
			.satisfies((ex) -> assertThat(ex.type()).isEqualTo(ProblemType.INVALID_REQUEST))
			.withMessageStartingWith("body (line 1, column ");
	}

	@Test
	void shouldRefuseAnEmptyBody() {
		assertThatExceptionOfType(ProblemException.class)
			.isThrownBy(() -> this.reader.read(entity(null, MediaType.APPLICATION_JSON), Body.class))
			.withMessage("body: empty; expected a JSON object");
		assertThatExceptionOfType(ProblemException.class).isThrownBy(() -> read(""))
			.withMessage("body: empty; expected a JSON object");
		assertThatExceptionOfType(ProblemException.class).isThrownBy(() -> read(" \r\n "))
			.withMessage("body: empty; expected a JSON object");
	}

	@Test
	void shouldRefuseACharsetOtherThanUtf8AsUnsupported() {
		MediaType latin1 = new MediaType(MediaType.APPLICATION_JSON, StandardCharsets.ISO_8859_1);

		assertThatExceptionOfType(ProblemException.class)
			.isThrownBy(() -> this.reader.read(entity("{\"name\":\"x\"}".getBytes(StandardCharsets.ISO_8859_1), latin1),
					Body.class))
			.satisfies((ex) -> assertThat(ex.type()).isEqualTo(ProblemType.UNSUPPORTED_MEDIA_TYPE));
		assertThat(this.reader.read(entity("{\"name\":\"é\"}".getBytes(StandardCharsets.UTF_8),
				new MediaType(MediaType.APPLICATION_JSON, StandardCharsets.UTF_8)), Body.class).name())
			.isEqualTo("é");
	}

	@Test
	void shouldRefuseBytesThatAreNotUtf8() {
		assertThatExceptionOfType(ProblemException.class)
			.isThrownBy(() -> this.reader.read(entity("{\"name\":\"é\"}".getBytes(StandardCharsets.ISO_8859_1),
					MediaType.APPLICATION_JSON), Body.class))
			.satisfies((ex) -> assertThat(ex.type()).isEqualTo(ProblemType.INVALID_REQUEST));
	}

	private Body read(String json) {
		return this.reader.read(entity(json.getBytes(StandardCharsets.UTF_8), MediaType.APPLICATION_JSON), Body.class);
	}

	private static HttpEntity<byte[]> entity(byte[] body, MediaType contentType) {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(contentType);
		return new HttpEntity<>(body, headers);
	}

	@JsonIgnoreProperties("id")
	record Body(String name, Integer count, Instant at, List<Integer> items) {

	}

}
