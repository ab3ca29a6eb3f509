package io.coupon.worker.consume;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CouponIssuedEventParserTests {

	private static final String EVENT_ID = "3f1b0c9e-2a4d-4c1e-9b7a-0d2f5e6a7b8c";

	private final CouponIssuedEventParser parser = new CouponIssuedEventParser();

	@Test
	void shouldParseTheWireFormat() {
		CouponIssuedEvent event = parse("""
				{"eventId":"%s","couponId":42,"userId":7,"acceptedAt":"2026-11-22T02:30:00.123Z","strategy":"lua"}
				""".formatted(EVENT_ID));

		assertThat(event).isEqualTo(new CouponIssuedEvent(UUID.fromString(EVENT_ID), 42, 7,
				Instant.parse("2026-11-22T02:30:00.123Z"), "lua"));
	}

	@Test
	void shouldIgnoreUnknownFields() {
		CouponIssuedEvent event = parse("""
				{"eventId":"%s","couponId":42,"userId":7,"acceptedAt":"2026-11-22T02:30:00Z","strategy":"lua",
				 "instanceId":"api-2","nested":{"a":[1,2,3]}}
				""".formatted(EVENT_ID));

		assertThat(event.couponId()).isEqualTo(42);
	}

	@Test
	void shouldAcceptAMissingStrategy() {
		CouponIssuedEvent event = parse(json(42, 7, "2026-11-22T02:30:00Z").replace(",\"strategy\":\"lua\"", ""));

		assertThat(event.strategy()).isNull();
	}

	@Test
	void shouldAcceptTheLargestIds() {
		CouponIssuedEvent event = parse(json(Long.MAX_VALUE, Long.MAX_VALUE, "2026-11-22T02:30:00Z"));

		assertThat(event.couponId()).isEqualTo(Long.MAX_VALUE);
		assertThat(event.userId()).isEqualTo(Long.MAX_VALUE);
	}

	@Test
	void shouldAcceptAnInstantWithAnOffset() {
		CouponIssuedEvent event = parse(json(42, 7, "2026-11-22T11:30:00+09:00"));

		assertThat(event.acceptedAt()).isEqualTo(Instant.parse("2026-11-22T02:30:00Z"));
	}

	@Test
	void shouldTruncateAcceptedAtToMicroseconds() {
		CouponIssuedEvent event = parse(json(42, 7, "2026-11-22T02:30:00.123456789Z"));

		assertThat(event.acceptedAt()).isEqualTo(Instant.parse("2026-11-22T02:30:00.123456Z"));
	}

	@Test
	void shouldRejectAMissingValue() {
		assertThatExceptionOfType(InvalidCouponIssuedEventException.class).isThrownBy(() -> this.parser.parse(null))
			.withMessageContaining("no value");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "not json", "{", "null", "[]", "42", "\"text\"", "{\"couponId\":42}{}",
			"{\"eventId\":\"" + EVENT_ID + "\",\"couponId\":42,\"userId\":7,\"acceptedAt\":\"2026-11-22T02:30:00Z\"} x" })
	void shouldRejectWhatIsNotOneJsonObject(String value) {
		assertThatExceptionOfType(InvalidCouponIssuedEventException.class).isThrownBy(() -> parse(value));
	}

	@ParameterizedTest
	@ValueSource(strings = { "couponId", "userId", "acceptedAt", "eventId" })
	void shouldRejectADuplicatedKeyRatherThanKeepTheLast(String field) {
		String value = """
				{"eventId":"%s","couponId":42,"userId":7,"acceptedAt":"2026-11-22T02:30:00Z","%s":null}
				""".formatted(EVENT_ID, field);

		assertThatExceptionOfType(InvalidCouponIssuedEventException.class).isThrownBy(() -> parse(value))
			.withMessageContaining("Duplicate");
	}

	@ParameterizedTest
	@ValueSource(strings = { "{'eventId':'x'}", "{\"couponId\":42 /* c */}", "{\"couponId\":042}",
			"{\"couponId\":42,}" })
	void shouldRejectJsonExtensions(String value) {
		assertThatExceptionOfType(InvalidCouponIssuedEventException.class).isThrownBy(() -> parse(value));
	}

	@Test
	void shouldRejectBytesThatAreNotText() {
		byte[] value = { (byte) 0xC3, (byte) 0x28, 0x00, (byte) 0xFF };

		assertThatExceptionOfType(InvalidCouponIssuedEventException.class).isThrownBy(() -> this.parser.parse(value));
	}

	@ParameterizedTest
	@ValueSource(strings = { "eventId", "couponId", "userId", "acceptedAt" })
	void shouldRejectAMissingRequiredField(String field) {
		String value = """
				{"eventId":"%s","couponId":42,"userId":7,"acceptedAt":"2026-11-22T02:30:00Z"}
				""".formatted(EVENT_ID).replaceAll("\"" + field + "\":(\"[^\"]*\"|\\d+),?", "").replace(",}", "}");

		assertThatExceptionOfType(InvalidCouponIssuedEventException.class).isThrownBy(() -> parse(value))
			.withMessage(field + " is missing");
	}

	@ParameterizedTest
	@ValueSource(strings = { "eventId", "couponId", "userId", "acceptedAt" })
	void shouldRejectANullRequiredField(String field) {
		String value = """
				{"eventId":"%s","couponId":42,"userId":7,"acceptedAt":"2026-11-22T02:30:00Z"}
				""".formatted(EVENT_ID).replaceAll("\"" + field + "\":(\"[^\"]*\"|\\d+)", "\"" + field + "\":null");

		assertThatExceptionOfType(InvalidCouponIssuedEventException.class).isThrownBy(() -> parse(value))
			.withMessage(field + " is missing");
	}

	@ParameterizedTest
	@ValueSource(longs = { 0, -1, Long.MIN_VALUE })
	void shouldRejectANonPositiveCouponId(long couponId) {
		assertThatExceptionOfType(InvalidCouponIssuedEventException.class)
			.isThrownBy(() -> parse(json(couponId, 7, "2026-11-22T02:30:00Z")))
			.withMessage("couponId must be positive but was " + couponId);
	}

	@ParameterizedTest
	@ValueSource(longs = { 0, -7 })
	void shouldRejectANonPositiveUserId(long userId) {
		assertThatExceptionOfType(InvalidCouponIssuedEventException.class)
			.isThrownBy(() -> parse(json(42, userId, "2026-11-22T02:30:00Z")))
			.withMessage("userId must be positive but was " + userId);
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"42\"", "42.5", "42.0", "true", "9223372036854775808", "1e3", "{}", "[42]" })
	void shouldRejectAnIdThatIsNotAJsonInteger(String couponId) {
		String value = """
				{"eventId":"%s","couponId":%s,"userId":7,"acceptedAt":"2026-11-22T02:30:00Z"}
				""".formatted(EVENT_ID, couponId);

		assertThatExceptionOfType(InvalidCouponIssuedEventException.class).isThrownBy(() -> parse(value));
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"yesterday\"", "\"2026-11-22\"", "\"2026-11-22T02:30:00\"", "\"2026-11-22 02:30:00Z\"",
			"1763778600", "1763778600.123", "true", "{}" })
	void shouldRejectAnAcceptedAtThatIsNotAnIsoInstant(String acceptedAt) {
		String value = """
				{"eventId":"%s","couponId":42,"userId":7,"acceptedAt":%s}
				""".formatted(EVENT_ID, acceptedAt);

		assertThatExceptionOfType(InvalidCouponIssuedEventException.class).isThrownBy(() -> parse(value));
	}

	@ParameterizedTest
	@ValueSource(strings = { "0999-12-31T23:59:59.999999Z", "+10000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z" })
	void shouldRejectAnAcceptedAtADatetimeCannotStore(String acceptedAt) {
		assertThatExceptionOfType(InvalidCouponIssuedEventException.class)
			.isThrownBy(() -> parse(json(42, 7, acceptedAt)));
	}

	@Test
	void shouldAcceptTheBoundsOfADatetime() {
		assertThat(parse(json(42, 7, "1000-01-01T00:00:00Z")).acceptedAt())
			.isEqualTo(CouponIssuedEventParser.EARLIEST_ACCEPTED_AT);
		assertThat(parse(json(42, 7, "9999-12-31T23:59:59.999999999Z")).acceptedAt())
			.isEqualTo(CouponIssuedEventParser.LATEST_ACCEPTED_AT);
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"not-a-uuid\"", "\"1-1-1-1-1\"", "\"\"", "42", "\"Ps8MnipNTB6begDS9eantw==\"" })
	void shouldRejectAnEventIdThatIsNotACanonicalUuid(String eventId) {
		String value = """
				{"eventId":%s,"couponId":42,"userId":7,"acceptedAt":"2026-11-22T02:30:00Z"}
				""".formatted(eventId);

		assertThatExceptionOfType(InvalidCouponIssuedEventException.class).isThrownBy(() -> parse(value));
	}

	private CouponIssuedEvent parse(String value) {
		return this.parser.parse(bytes(value));
	}

	private static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	private static String json(long couponId, long userId, String acceptedAt) {
		return """
				{"eventId":"%s","couponId":%d,"userId":%d,"acceptedAt":"%s","strategy":"lua"}"""
			.formatted(EVENT_ID, couponId, userId, acceptedAt);
	}

}
