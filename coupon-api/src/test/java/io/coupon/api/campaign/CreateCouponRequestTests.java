package io.coupon.api.campaign;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class CreateCouponRequestTests {

	private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

	private static final Instant LATER = NOW.plus(Duration.ofHours(1));

	@Test
	void shouldAcceptADefinitionThatCanBeServedAsWritten() {
		assertThat(request("flash sale", 10, null, null).problems(NOW)).isEmpty();
		assertThat(request("flash sale", 10, LATER, LATER.plusSeconds(1)).problems(NOW)).isEmpty();
		assertThat(request("x", 1, null, NOW.plusNanos(1_000)).problems(NOW)).isEmpty();
		assertThat(request("x", CreateCouponRequest.MAX_QUANTITY, null, null).problems(NOW)).isEmpty();
	}

	@Test
	void shouldAcceptANameOfAHundredCharactersCountedAsCodePoints() {
		String hundredEmoji = "🎟".repeat(100);
		assertThat(hundredEmoji.length()).as("two UTF-16 units each").isEqualTo(200);

		assertThat(request(hundredEmoji, 10, null, null).problems(NOW)).isEmpty();
		assertThat(request(hundredEmoji + "x", 10, null, null).problems(NOW))
			.containsExactly("name: at most 100 characters, got 101");
	}

	@Test
	void shouldKeepInnerWhiteSpaceAndAnyScript() {
		assertThat(request("flash  sale 선착순 ½", 10, null, null).problems(NOW)).isEmpty();
	}

	@Test
	void shouldRequireANameAndAQuantity() {
		assertThat(request(null, null, null, null).problems(NOW)).containsExactly("name: required",
				"totalQuantity: required");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "\t", "\u2003" })
	void shouldRefuseABlankName(String name) {
		assertThat(request(name, 10, null, null).problems(NOW)).containsExactly("name: must not be blank");
	}

	@ParameterizedTest
	@ValueSource(strings = { " flash", "flash ", "flash\n", "\u2003flash" })
	void shouldRefuseANameThatStartsOrEndsWithWhiteSpaceRatherThanTrimIt(String name) {
		assertThat(request(name, 10, null, null).problems(NOW)).singleElement()
			.asString()
			.startsWith("name: must not start or end with white space");
	}

	@ParameterizedTest
	@ValueSource(strings = { "flash\tsale", "flash\nsale", "flash\u0000", "flash\u007Fsale", "flash\u0085sale" })
	void shouldRefuseControlCharactersInAName(String name) {
		assertThat(request(name, 10, null, null).problems(NOW)).singleElement()
			.asString()
			.startsWith("name: must not contain control characters");
	}

	@Test
	void shouldRefuseANameTheDatabaseCouldNotStoreAsSent() {
		assertThat(request("flash\uD800sale", 10, null, null).problems(NOW)).singleElement()
			.asString()
			.startsWith("name: must be well-formed Unicode");
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, -3, Integer.MIN_VALUE, CreateCouponRequest.MAX_QUANTITY + 1, Integer.MAX_VALUE })
	void shouldRefuseAQuantityOutsideOneToTheMaximum(int quantity) {
		assertThat(request("x", quantity, null, null).problems(NOW))
			.containsExactly("totalQuantity: must be from 1 to 100000000, got " + quantity);
	}

	@Test
	void shouldRefuseInstantsFinerThanTheDatabaseStores() {
		assertThat(request("x", 10, LATER.plusNanos(1), LATER.plusSeconds(1).plusNanos(999_999_999)).problems(NOW))
			.containsExactly("issueStartsAt: finer than a microsecond, which the database would round",
					"issueEndsAt: finer than a microsecond, which the database would round");
	}

	@Test
	void shouldRefuseInstantsPastTheLastADatetimeHolds() {
		Instant tooLate = CreateCouponRequest.LATEST_STORABLE.plusNanos(1_000);

		assertThat(request("x", 10, null, CreateCouponRequest.LATEST_STORABLE).problems(NOW)).isEmpty();
		assertThat(request("x", 10, null, tooLate).problems(NOW)).singleElement()
			.asString()
			.startsWith("issueEndsAt: after 9999-12-31T23:59:59.999999Z");
	}

	@Test
	void shouldRefuseAStartThatHasPassedBeyondTheTolerance() {
		Instant tolerated = NOW.minus(CreateCouponRequest.PAST_START_TOLERANCE);

		assertThat(request("x", 10, tolerated, null).problems(NOW)).isEmpty();
		assertThat(request("x", 10, tolerated.minusNanos(1_000), null).problems(NOW)).singleElement()
			.asString()
			.startsWith("issueStartsAt: 2029-12-31T23:58:59.999999Z has passed; leave issueStartsAt out");
	}

	@Test
	void shouldRefuseAWindowThatHasEnded() {
		assertThat(request("x", 10, null, NOW).problems(NOW)).singleElement()
			.asString()
			.startsWith("issueEndsAt: 2030-01-01T00:00:00Z has passed; the coupon could never be issued");
	}

	@Test
	void shouldRefuseAWindowThatEndsBeforeOrWhenItStarts() {
		assertThat(request("x", 10, LATER, LATER).problems(NOW)).containsExactly("issueEndsAt: must be after issueStartsAt");
		assertThat(request("x", 10, LATER, LATER.minusSeconds(1)).problems(NOW))
			.containsExactly("issueEndsAt: must be after issueStartsAt");
	}

	@Test
	void shouldNameEveryBrokenRuleAtOnce() {
		assertThat(request(" ", 0, LATER, NOW.minusSeconds(1)).problems(NOW)).hasSize(4);
	}

	private static CreateCouponRequest request(String name, Integer quantity, Instant startsAt, Instant endsAt) {
		return new CreateCouponRequest(name, quantity, startsAt, endsAt);
	}

}
