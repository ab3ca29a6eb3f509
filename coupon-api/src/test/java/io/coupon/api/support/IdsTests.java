package io.coupon.api.support;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class IdsTests {

	@ParameterizedTest
	@ValueSource(strings = { "1", "42", "9223372036854775807" })
	void shouldAcceptPositive64BitIntegers(String text) {
		assertThat(Ids.userId(text)).isEqualTo(Long.parseLong(text));
		assertThat(Ids.couponId(text)).isEqualTo(Long.parseLong(text));
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "-1", "+1", "01", "007", " 1", "1 ", "1.0", "1e3", "abc", "0x1F", "9223372036854775808",
			"99999999999999999999", "１" })
	void shouldRejectAnythingElseAsInvalidRequest(String text) {
		assertThatExceptionOfType(ProblemException.class).isThrownBy(() -> Ids.userId(text))
			.satisfies((ex) -> assertThat(ex.type()).isEqualTo(ProblemType.INVALID_REQUEST));
		assertThatExceptionOfType(ProblemException.class).isThrownBy(() -> Ids.couponId(text))
			.satisfies((ex) -> assertThat(ex.type()).isEqualTo(ProblemType.INVALID_REQUEST));
	}

	@ParameterizedTest
	@NullAndEmptySource
	void shouldRequireTheUserHeader(String text) {
		assertThatExceptionOfType(ProblemException.class).isThrownBy(() -> Ids.userId(text))
			.withMessageContaining("X-USER-ID header is required");
	}

}
