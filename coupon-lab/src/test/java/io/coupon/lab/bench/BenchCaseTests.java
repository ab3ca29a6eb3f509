package io.coupon.lab.bench;

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
	void shouldPriceTheProxyOfEachPath() {
		assertThat(BenchCase.Path.SECURED.process()).isEqualTo("gateway");
		assertThat(BenchCase.Path.NGINX.process()).isEqualTo("nginx");
		assertThat(BenchCase.Path.DIRECT.process()).isEqualTo("stand-in");
	}

}
