package io.coupon.json;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class StrictJsonTests {

	/** Every leniency the rule refuses, each with what Jackson or Spring Boot would otherwise have made of it. */
	static final List<String> REFUSED = List.of(
			// Jackson keeps the last of two keys.
			"{\"count\":10,\"count\":11}", "{\"inner\":{\"text\":\"a\",\"text\":\"b\"}}",
			// Content after the value is not read.
			"{\"count\":10} {}", "{\"count\":10} x", "{\"count\":10}]",
			// A fraction or an exponent is truncated into an integer.
			"{\"count\":10.7}", "{\"count\":10.0}", "{\"count\":1e1}", "{\"big\":1.5}",
			// Strings, booleans and empty strings become numbers (or null).
			"{\"count\":\"10\"}", "{\"count\":true}", "{\"count\":\"\"}", "{\"ratio\":\"0.5\"}", "{\"big\":\"7\"}",
			// Numbers and booleans become strings.
			"{\"text\":5}", "{\"text\":1.5}", "{\"text\":false}",
			// Numbers and strings become booleans.
			"{\"flag\":1}", "{\"flag\":\"true\"}",
			// An enum by its index, or in another case.
			"{\"size\":0}", "{\"size\":\"small\"}", "{\"size\":\"MEDIUM\"}",
			// A single value for an array, an empty string or array for an object.
			"{\"items\":1}", "{\"inner\":\"\"}", "{\"inner\":[]}",
			// JSON extensions.
			"{\"count\":10 /* comment */}", "{'text':'a'}", "{text:\"a\"}", "{\"count\":10,}", "{\"count\":010}",
			"{\"count\":+10}", "{\"ratio\":NaN}", "{\"ratio\":.5}", "{\"items\":[1,,2]}",
			// Instants in any form but an ISO-8601 date-time with an offset.
			"{\"at\":1893456000}", "{\"at\":1893456000.5}", "{\"at\":\"1893456000\"}", "{\"at\":\"2030-01-01T00:00:00\"}",
			"{\"at\":\"2030-01-01\"}", "{\"at\":\"2030-01-01 00:00:00Z\"}", "{\"at\":\"2030-02-30T00:00:00Z\"}",
			"{\"at\":\"2030-01-01T24:00:00Z\"}", "{\"at\":\"2030-12-31T23:59:60Z\"}", "{\"at\":\"2030-01-01T00:00:00+0900\"}",
			"{\"at\":\"2030-01-01T00:00:00[Asia/Seoul]\"}", "{\"at\":\"\"}", "{\"at\":[2030,1,1]}",
			// A property the type names as the server's.
			"{\"id\":5}");

	static Stream<Arguments> everyRefusalForBothMappers() {
		return Stream.of(StrictJson.forRequestBodies(), StrictJson.forEvents())
			.flatMap((mapper) -> REFUSED.stream().map((json) -> Arguments.of(mapper, json)));
	}

	@ParameterizedTest(name = "[{index}] {1}")
	@MethodSource("everyRefusalForBothMappers")
	void shouldRefuseWhatJacksonWouldOtherwiseChange(JsonMapper mapper, String json) {
		assertThatExceptionOfType(JacksonException.class).as(json)
			.isThrownBy(() -> mapper.readValue(json, Sample.class));
	}

	@Test
	void shouldRefuseNullForAPrimitive() {
		assertThatExceptionOfType(JacksonException.class)
			.isThrownBy(() -> StrictJson.forRequestBodies().readValue("{\"value\":null}", Sample.Primitive.class));
	}

	@Test
	void shouldReadWhatIsWrittenExactly() {
		Sample sample = StrictJson.forRequestBodies().readValue("""
				{"text":"  as sent\\t","count":10,"big":123456789012345678901234567890,"ratio":10,"flag":false,
				 "at":"2030-01-01T09:00:00.123456789+09:00","items":[1,2],"size":"LARGE","inner":{"text":null}}
				""", Sample.class);

		assertThat(sample).isEqualTo(new Sample("  as sent\t", 10, new BigInteger("123456789012345678901234567890"),
				10.0, false, Instant.parse("2030-01-01T00:00:00.123456789Z"), List.of(1, 2), Sample.Size.LARGE,
				new Sample.Inner(null)));
	}

	@ParameterizedTest
	@ValueSource(strings = { "2030-01-01T00:00:00Z", "2030-01-01T00:00Z", "2030-01-01t00:00:00z",
			"2030-01-01T09:00:00+09:00", "2029-12-31T19:00:00-05:00" })
	void shouldReadAnInstantWithAnOffsetAsTheInstantItNames(String text) {
		Sample sample = StrictJson.forRequestBodies().readValue("{\"at\":\"" + text + "\"}", Sample.class);

		assertThat(sample.at()).isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));
	}

	@Test
	void shouldTakeNullForAWrapperAsNull() {
		Sample sample = StrictJson.forRequestBodies().readValue("{\"count\":null,\"at\":null}", Sample.class);

		assertThat(sample.count()).isNull();
		assertThat(sample.at()).isNull();
	}

	@Test
	void shouldRefuseUnknownPropertiesInRequestBodiesAndSkipThemInEvents() {
		String json = "{\"text\":\"a\",\"Count\":10,\"added\":{\"later\":[1]}}";

		assertThatExceptionOfType(JacksonException.class)
			.isThrownBy(() -> StrictJson.forRequestBodies().readValue(json, Sample.class))
			.withMessageContaining("Count");
		Sample event = StrictJson.forEvents().readValue(json, Sample.class);
		assertThat(event.text()).isEqualTo("a");
		assertThat(event.count()).as("a name in another case is another property, not this one").isNull();
	}

}
