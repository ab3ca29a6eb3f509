package io.coupon.gateway.door;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.core.ReactiveHashOperations;
import org.springframework.data.redis.core.ReactiveSetOperations;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;

class CouponDoorTests {

	private static final DoorProperties PROPERTIES = new DoorProperties(true, Duration.ofMillis(250),
			Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofSeconds(30), 1000, Duration.ofMillis(100));

	private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

	private final ReactiveStringRedisTemplate redis = mock();

	private final ReactiveHashOperations<String, Object, Object> hashes = mock();

	private final ReactiveSetOperations<String, String> sets = mock();

	private CouponDoor door;

	@BeforeEach
	void door() {
		given(this.redis.<Object, Object>opsForHash()).willReturn(this.hashes);
		given(this.redis.opsForSet()).willReturn(this.sets);
		this.door = new CouponDoor(this.redis, PROPERTIES,
				Clock.fixed(Instant.parse("2030-06-01T12:00:00Z"), ZoneOffset.UTC), this.nanos::get, false);
	}

	@Test
	void shouldLetACouponThroughUntilItsFirstReadingAndReadOnlyTrackedCoupons() {
		this.door.poll().block();
		then(this.hashes).should(never()).multiGet(eq(DoorKeys.key(7)), anyCollection());

		answer(7, "1", null, null);
		assertThat(this.door.verdict(7)).as("not read: nothing known").isEqualTo(DoorReading.Verdict.PASS);
		this.door.poll().block();
		assertThat(this.door.isTracked(7)).isFalse();

		this.door.track(7);
		assertThat(this.door.verdict(7)).as("no reading yet").isEqualTo(DoorReading.Verdict.PASS);
		this.door.poll().block();

		assertThat(this.door.verdict(7)).isEqualTo(DoorReading.Verdict.SOLD_OUT);
		assertThat(this.door.verdict(8)).as("another coupon knows nothing of 7's mark")
			.isEqualTo(DoorReading.Verdict.PASS);
	}

	@Test
	void shouldOpenAgainAtTheNextPollOnceTheMarkIsGone() {
		this.door.track(7);
		answer(7, "1", null, null);
		this.door.poll().block();
		assertThat(this.door.verdict(7)).isEqualTo(DoorReading.Verdict.SOLD_OUT);

		answer(7, null, null, null);
		this.nanos.addAndGet(Duration.ofMillis(250).toNanos());
		this.door.poll().block();

		assertThat(this.door.verdict(7)).isEqualTo(DoorReading.Verdict.PASS);
	}

	@Test
	void shouldStopAnsweringWhenRedisStopsAnsweringForLongerThanTheMaxAge() {
		this.door.track(7);
		answer(7, "1", null, null);
		this.door.poll().block();
		given(this.hashes.multiGet(eq(DoorKeys.key(7)), anyCollection()))
			.willReturn(Mono.error(new RedisConnectionFailureException("down")));

		this.nanos.addAndGet(Duration.ofMillis(900).toNanos());
		this.door.poll().block();
		assertThat(this.door.verdict(7)).as("the last reading is still young enough").isEqualTo(DoorReading.Verdict.SOLD_OUT);

		this.nanos.addAndGet(Duration.ofMillis(200).toNanos());
		this.door.poll().block();
		assertThat(this.door.verdict(7)).as("no reading believed past its age").isEqualTo(DoorReading.Verdict.PASS);
	}

	@Test
	void shouldCountAReadingsAgeFromWhenItsReadWasSent() {
		this.door.track(7);
		given(this.hashes.multiGet(eq(DoorKeys.key(7)), anyCollection())).willReturn(Mono.fromSupplier(() -> {
			// The reply comes 600 ms after the send.
			this.nanos.addAndGet(Duration.ofMillis(600).toNanos());
			return Arrays.asList("1", null, null);
		}));
		this.door.poll().block();
		assertThat(this.door.verdict(7)).isEqualTo(DoorReading.Verdict.SOLD_OUT);

		this.nanos.addAndGet(Duration.ofMillis(401).toNanos());

		assertThat(this.door.verdict(7)).isEqualTo(DoorReading.Verdict.PASS);
	}

	@Test
	void shouldAskTheCouponsUsersSetWhetherTheUserHoldsIt() {
		given(this.sets.isMember("{coupon:7}:users", "42")).willReturn(Mono.just(true));
		given(this.sets.isMember("{coupon:7}:users", "43")).willReturn(Mono.just(false));

		assertThat(this.door.holds(7, "42").block()).isTrue();
		assertThat(this.door.holds(7, "43").block()).isFalse();
	}

	@Test
	void shouldFailAHolderCheckThatRedisDoesNotAnswerInTime() {
		given(this.sets.isMember("{coupon:7}:users", "42")).willReturn(Mono.never());

		assertThatThrownBy(() -> this.door.holds(7, "42").block(Duration.ofSeconds(5)))
			.hasRootCauseInstanceOf(TimeoutException.class);
	}

	private void answer(long coupon, String soldOut, String opensAt, String closesAt) {
		List<Object> values = Arrays.asList(soldOut, opensAt, closesAt);
		given(this.hashes.multiGet(eq(DoorKeys.key(coupon)), anyCollection())).willReturn(Mono.just(values));
	}

}
