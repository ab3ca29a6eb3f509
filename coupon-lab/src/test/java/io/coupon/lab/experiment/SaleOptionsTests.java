package io.coupon.lab.experiment;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SaleOptionsTests {

	@Test
	void shouldDefaultTheSpikeToTheOriginsTenThousandUsersOnAStockOfOneThousand() {
		SaleOptions spike = SaleOptions.parse(List.of("--scenario", "spike"));

		assertThat(spike.shape()).isEqualTo(SaleOptions.Shape.SPIKE);
		assertThat(spike.totalUsers()).isEqualTo(10_000);
		assertThat(spike.stock()).isEqualTo(1_000);
		assertThat(spike.target()).isEqualTo(Target.GATEWAY);
		assertThat(spike.retries()).isEqualTo(3);
	}

	@Test
	void shouldParseEverySpikeFlag() {
		SaleOptions spike = SaleOptions.parse(List.of("--scenario=spike", "--vusers", "1_000", "--stock=100",
				"--replicas", "3", "--strategy", "fair-lock", "--target", "direct", "--timeout", "2s", "--retries", "0",
				"--backoff", "50ms", "--warmup", "0", "--cold-warmup", "5s"));

		assertThat(spike).isEqualTo(new SaleOptions(SaleOptions.Shape.SPIKE, 1_000, 50, 500, Duration.ofSeconds(30),
				100, 3, "fair-lock", Target.DIRECT, Duration.ofSeconds(2), 0, Duration.ofMillis(50), Duration.ZERO,
				Duration.ofSeconds(5)));
	}

	@Test
	void shouldTakeARampsUsersFromItsRateAndDuration() {
		SaleOptions ramp = SaleOptions.parse(List.of("--scenario", "ramp", "--rate", "100-300", "--duration", "20s"));

		assertThat(ramp.shape()).isEqualTo(SaleOptions.Shape.RAMP);
		assertThat(ramp.totalUsers()).as("(100 + 300) / 2 users/s for 20 s").isEqualTo(4_000);
		assertThat(ramp.horizon()).as("the arrivals, then every attempt timing out").isGreaterThan(
				Duration.ofSeconds(20 + 4 * 10));
	}

	@Test
	void shouldTellASaleApartFromTheMatrix() {
		assertThat(SaleOptions.requested(List.of("--scenario", "spike", "--stock", "10"))).isTrue();
		assertThat(SaleOptions.requested(List.of("--scenario=ramp"))).isTrue();
		assertThat(SaleOptions.requested(List.of("--scenario", "issue,read-status"))).isFalse();
		assertThat(SaleOptions.requested(List.of("--replicas", "2"))).isFalse();
	}

	@Test
	void shouldRefuseASaleMixedWithOtherScenarios() {
		assertThatIllegalArgumentException().isThrownBy(() -> SaleOptions.requested(List.of("--scenario", "issue,spike")))
			.withMessageContaining("run alone");
	}

	@Test
	void shouldRefuseBadInputWithAClearMessage() {
		assertBad("must be between 1 and 100000", "--scenario", "spike", "--vusers", "0");
		assertBad("must be a whole number, got ten", "--scenario", "spike", "--stock", "ten");
		assertBad("--retries must be between 0 and 10", "--scenario", "spike", "--retries", "11");
		assertBad("--retries must be between 0 and 10", "--scenario", "spike", "--retries", "-1");
		assertBad("--backoff must be positive", "--scenario", "spike", "--backoff", "0ms");
		assertBad("from-to", "--scenario", "ramp", "--rate", "100");
		assertBad("--rate must be between 1 and 100000", "--scenario", "ramp", "--rate", "0-100");
		assertBad("--vusers is the spike's", "--scenario", "ramp", "--vusers", "100");
		assertBad("--rate is the ramp's", "--scenario", "spike", "--rate", "1-2");
		assertBad("one count", "--scenario", "spike", "--replicas", "2,3");
		assertBad("must be gateway or direct", "--scenario", "spike", "--target", "trusted-gateway");
		assertBad("--strategy must be one of", "--scenario", "spike", "--strategy", "magic");
		assertBad("Unknown option for a sale (--scenario spike): --users", "--scenario", "spike", "--users", "unique");
		assertBad("Missing value for --stock", "--scenario", "spike", "--stock");
	}

	private static void assertBad(String message, String... args) {
		assertThatIllegalArgumentException().isThrownBy(() -> SaleOptions.parse(List.of(args)))
			.withMessageContaining(message);
	}

}
