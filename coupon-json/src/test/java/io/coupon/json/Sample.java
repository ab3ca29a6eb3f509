package io.coupon.json;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A body with one property of each kind the rules cover; {@code id} stands for a property the server owns. */
@JsonIgnoreProperties("id")
record Sample(String text, Integer count, BigInteger big, Double ratio, Boolean flag, Instant at, List<Integer> items,
		Size size, Inner inner) {

	enum Size {

		SMALL, LARGE

	}

	record Inner(String text) {

	}

	record Primitive(int value) {

	}

}
