package io.coupon.gateway.door;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DoorReadingTests {

	private static final Duration MAX_AGE = Duration.ofSeconds(1);

	private static final Duration ALLOWANCE = Duration.ofMillis(500);

	private static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");

	private static final long SENT = 1_000_000_000L;

	@Test
	void shouldAnswerSoldOutFromAFreshMark() {
		assertThat(reading("1", null, null).verdict(NOW, SENT + millis(999), MAX_AGE, ALLOWANCE))
			.isEqualTo(DoorReading.Verdict.SOLD_OUT);
	}

	@Test
	void shouldLetEverythingThroughOnceTheReadingIsOlderThanItsMaxAge() {
		assertThat(reading("1", null, null).verdict(NOW, SENT + millis(1_001), MAX_AGE, ALLOWANCE))
			.as("a reading past its age may miss stock that came back").isEqualTo(DoorReading.Verdict.PASS);
		assertThat(reading(null, epoch(NOW.plusSeconds(3600)), null).verdict(NOW, SENT + millis(1_001), MAX_AGE,
				ALLOWANCE)).isEqualTo(DoorReading.Verdict.PASS);
	}

	@Test
	void shouldLetThroughACouponWithoutAMark() {
		assertThat(reading(null, null, null).verdict(NOW, SENT, MAX_AGE, ALLOWANCE)).isEqualTo(DoorReading.Verdict.PASS);
		assertThat(reading("0", null, null).verdict(NOW, SENT, MAX_AGE, ALLOWANCE)).isEqualTo(DoorReading.Verdict.PASS);
	}

	@Test
	void shouldAnswerNotOpenYetOnlyBeforeTheStartMinusTheClockAllowance() {
		String opens = epoch(NOW.plusSeconds(10));

		assertThat(reading(null, opens, null).verdict(NOW, SENT, MAX_AGE, ALLOWANCE))
			.isEqualTo(DoorReading.Verdict.NOT_OPEN_YET);
		assertThat(reading(null, opens, null).verdict(NOW.plusMillis(9_499), SENT, MAX_AGE, ALLOWANCE))
			.isEqualTo(DoorReading.Verdict.NOT_OPEN_YET);
		assertThat(reading(null, opens, null).verdict(NOW.plusMillis(9_500), SENT, MAX_AGE, ALLOWANCE))
			.as("near the start the replicas' clocks decide").isEqualTo(DoorReading.Verdict.PASS);
		assertThat(reading(null, opens, null).verdict(NOW.plusMillis(10_400), SENT, MAX_AGE, ALLOWANCE))
			.isEqualTo(DoorReading.Verdict.PASS);
	}

	@Test
	void shouldAnswerClosedOnlyAfterTheEndPlusTheClockAllowance() {
		String closes = epoch(NOW);

		assertThat(reading(null, null, closes).verdict(NOW.plusMillis(499), SENT, MAX_AGE, ALLOWANCE))
			.isEqualTo(DoorReading.Verdict.PASS);
		assertThat(reading(null, null, closes).verdict(NOW.plusMillis(500), SENT, MAX_AGE, ALLOWANCE))
			.isEqualTo(DoorReading.Verdict.CLOSED);
		assertThat(reading(null, null, closes).verdict(NOW.minusSeconds(60), SENT, MAX_AGE, ALLOWANCE))
			.isEqualTo(DoorReading.Verdict.PASS);
	}

	@Test
	void shouldLetTheReplicasDecideNearTheEndEvenWhenSoldOut() {
		assertThat(reading("1", null, epoch(NOW.plusMillis(200))).verdict(NOW, SENT, MAX_AGE, ALLOWANCE))
			.as("coupon-api may already answer not-open there").isEqualTo(DoorReading.Verdict.PASS);
		assertThat(reading("1", null, epoch(NOW.plusSeconds(60))).verdict(NOW, SENT, MAX_AGE, ALLOWANCE))
			.isEqualTo(DoorReading.Verdict.SOLD_OUT);
	}

	@Test
	void shouldCheckTheWindowBeforeTheStockAsCouponApiDoes() {
		assertThat(reading("1", null, epoch(NOW.minusSeconds(60))).verdict(NOW, SENT, MAX_AGE, ALLOWANCE))
			.isEqualTo(DoorReading.Verdict.CLOSED);
	}

	@Test
	void shouldBelieveNothingOfAReadingThatBreaksTheContract() {
		assertThat(reading("1", "soon", null).verdict(NOW, SENT, MAX_AGE, ALLOWANCE)).isEqualTo(DoorReading.Verdict.PASS);
	}

	private static DoorReading reading(String soldOut, String opensAt, String closesAt) {
		return DoorReading.of(Arrays.asList(soldOut, opensAt, closesAt), SENT);
	}

	private static String epoch(Instant instant) {
		return Long.toString(instant.toEpochMilli());
	}

	private static long millis(long millis) {
		return Duration.ofMillis(millis).toNanos();
	}

}
