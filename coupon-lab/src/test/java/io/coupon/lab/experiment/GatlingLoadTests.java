package io.coupon.lab.experiment;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import io.gatling.javaapi.core.OpenInjectionStep;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class GatlingLoadTests {

	@Test
	void aWarmSuiteGetsEveryUserAtOnce() {
		assertThat(steps(GatlingLoad.arrivals(2000, Duration.ZERO))).containsExactly("AtOnceOpenInjection(2000)");
	}

	@Test
	void aColdSuiteWarmsUpWithAHundredUsersBeforeTheRestJoin() {
		assertThat(steps(GatlingLoad.arrivals(2000, Duration.ofSeconds(120)))).containsExactly(
				"AtOnceOpenInjection(100)", "NothingForOpenInjection(120 seconds)", "AtOnceOpenInjection(1900)");
	}

	@Test
	void aSmallCellRunsAllItsUsersEvenWhenCold() {
		assertThat(steps(GatlingLoad.arrivals(100, Duration.ofSeconds(120)))).containsExactly("AtOnceOpenInjection(100)");
	}

	@Test
	void theColdWarmupIsPartOfTheWarmup() {
		LoadClock clock = new LoadClock(Duration.ofSeconds(120), Duration.ofSeconds(140), Duration.ofSeconds(30));

		assertThat(clock.coldWarmup()).hasSeconds(120);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new LoadClock(Duration.ofSeconds(30), Duration.ofSeconds(20), Duration.ofSeconds(30)));
	}

	private static List<String> steps(OpenInjectionStep[] steps) {
		return Arrays.stream(steps).map((step) -> step.asScala().toString()).toList();
	}

}
