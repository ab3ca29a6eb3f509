package io.coupon.lab.bench;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BenchCaseTests {

	@Test
	void shouldRunDirectAndNginxFirstThenEachGatewayMode() {
		assertThat(BenchCase.plan(true, false)).extracting(BenchCase::label)
			.containsExactly("direct", "nginx hop", "gateway secured", "gateway trusted");
		assertThat(BenchCase.plan(false, false)).extracting(BenchCase::label)
			.containsExactly("direct", "gateway secured", "gateway trusted");
	}

	@Test
	void shouldAlternateTheBaselineAndTheCandidateInEachMode() {
		assertThat(BenchCase.plan(false, true)).extracting(BenchCase::label)
			.containsExactly("direct", "gateway secured (baseline)", "gateway secured (candidate)",
					"gateway trusted (baseline)", "gateway trusted (candidate)");
		assertThat(BenchCase.plan(false, true)).filteredOn(BenchCase::baseline).hasSize(2);
	}

	@Test
	void shouldMeasureTheDefaultAfterEveryThreeVariantsAndReverseEveryOtherRound() {
		List<BenchVariant> variants = List.of(new BenchVariant("a", Map.of("A", "1")), new BenchVariant("b", Map.of()),
				new BenchVariant("c", Map.of()), new BenchVariant("d", Map.of()));
		assertThat(BenchCase.plan(true, variants, 2)).extracting(BenchCase::jar)
			.containsExactly(null, null, "default", "a", "b", "c", "default", "d", "default", "default", "d", "c", "b",
					"default", "a", "default");
		assertThat(BenchCase.plan(false, variants, 1)).filteredOn((each) -> "a".equals(each.jar()))
			.singleElement()
			.satisfies((a) -> {
				assertThat(a.path()).isEqualTo(BenchCase.Path.SECURED);
				assertThat(a.environment()).containsExactly(Map.entry("A", "1"));
				assertThat(a.label()).isEqualTo("gateway secured (a)");
			});
	}

	@Test
	void shouldPriceTheProxyOfEachPath() {
		assertThat(BenchCase.Path.SECURED.process()).isEqualTo("gateway");
		assertThat(BenchCase.Path.NGINX.process()).isEqualTo("nginx");
		assertThat(BenchCase.Path.DIRECT.process()).isEqualTo("stand-in");
	}

}
