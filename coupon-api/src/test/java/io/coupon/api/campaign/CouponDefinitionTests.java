package io.coupon.api.campaign;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CouponDefinitionTests {

	private static final Instant START = Instant.parse("2026-11-22T10:00:00Z");

	private static final Instant END = Instant.parse("2026-11-22T11:00:00Z");

	@Test
	void shouldBeOpenFromStartInclusiveToEndExclusive() {
		CouponDefinition coupon = new CouponDefinition(1, "sale", 10, START, END);
		assertThat(coupon.isOpenAt(START.minusMillis(1))).isFalse();
		assertThat(coupon.isOpenAt(START)).isTrue();
		assertThat(coupon.isOpenAt(END.minusMillis(1))).isTrue();
		assertThat(coupon.isOpenAt(END)).isFalse();
	}

	@Test
	void shouldBeOpenWhenUnbounded() {
		assertThat(new CouponDefinition(1, "sale", 10, null, null).isOpenAt(START)).isTrue();
		assertThat(new CouponDefinition(1, "sale", 10, null, END).isOpenAt(START)).isTrue();
		assertThat(new CouponDefinition(1, "sale", 10, START, null).isOpenAt(END)).isTrue();
	}

}
