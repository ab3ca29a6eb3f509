package io.coupon.lab.cpu;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CpuBudgetsTests {

	@Test
	void shouldParseABudgetPerComponentInTheOrderGiven() {
		CpuBudgets budgets = CpuBudgets.parse("coupon-api=0.25, gateway=0.6,redis=0.1,kafka=0.3");

		assertThat(budgets.byComponent()).containsExactly(java.util.Map.entry("coupon-api", 0.25),
				java.util.Map.entry("gateway", 0.6), java.util.Map.entry("redis", 0.1),
				java.util.Map.entry("kafka", 0.3));
		assertThat(budgets).hasToString("coupon-api=0.25,gateway=0.6,redis=0.1,kafka=0.3");
		assertThat(CpuBudgets.parse(budgets.toString())).isEqualTo(budgets);
	}

	@Test
	void shouldGiveEveryReplicaTheReplicasBudgetUnlessOneHasItsOwn() {
		CpuBudgets budgets = CpuBudgets.parse("coupon-api=0.25,coupon-api-2=1.5");

		assertThat(budgets.forComponent("coupon-api-1")).contains(0.25);
		assertThat(budgets.forComponent("coupon-api-3")).contains(0.25);
		assertThat(budgets.forComponent("coupon-api-2")).contains(1.5);
		assertThat(budgets.forComponent("gateway")).isEmpty();
		assertThat(CpuBudgets.parse("gateway=2").forComponent("coupon-api-1")).isEmpty();
	}

	@Test
	void shouldRefuseWhatTheKernelCannotEnforceOrTheSuiteDoesNotHave() {
		assertThatIllegalArgumentException().isThrownBy(() -> CpuBudgets.parse("coupon=0.5"))
			.withMessageContaining("unknown component coupon");
		assertThatIllegalArgumentException().isThrownBy(() -> CpuBudgets.parse("coupon-api-0=0.5"))
			.withMessageContaining("unknown component");
		assertThatIllegalArgumentException().isThrownBy(() -> CpuBudgets.parse("gateway=half"))
			.withMessageContaining("gateway needs a number of CPUs, got half");
		assertThatIllegalArgumentException().isThrownBy(() -> CpuBudgets.parse("gateway=0.001"))
			.withMessageContaining("between 0.01 and 1024");
		assertThatIllegalArgumentException().isThrownBy(() -> CpuBudgets.parse("gateway=-1"))
			.withMessageContaining("between");
		assertThatIllegalArgumentException().isThrownBy(() -> CpuBudgets.parse("gateway=NaN"))
			.withMessageContaining("between");
		assertThatIllegalArgumentException().isThrownBy(() -> CpuBudgets.parse("gateway=1,gateway=2"))
			.withMessageContaining("given twice");
		assertThatIllegalArgumentException().isThrownBy(() -> CpuBudgets.parse("gateway"))
			.withMessageContaining("component=cpus pairs");
		assertThatIllegalArgumentException().isThrownBy(() -> CpuBudgets.parse(" , "))
			.withMessageContaining("at least one");
	}

	@Test
	void shouldExpandTheReplicaBoundPresetAndLetPairsAfterItOverrideIt() {
		CpuBudgets preset = CpuBudgets.parse("replica-bound");
		CpuBudgets overridden = CpuBudgets.parse("replica-bound,gateway=1,coupon-api-5=0.2");

		assertThat(preset).isEqualTo(CpuBudgets.REPLICA_BOUND);
		assertThat(preset.forComponent("coupon-api-5")).contains(0.1);
		assertThat(overridden.forComponent("gateway")).contains(1.0);
		assertThat(overridden.forComponent("coupon-api-5")).contains(0.2);
		assertThat(overridden.forComponent("kafka")).contains(0.3);
		assertThat(CpuBudgets.parse(preset.toString())).as("the expansion reads back").isEqualTo(preset);
		assertThatIllegalArgumentException().isThrownBy(() -> CpuBudgets.parse("gateway=1,replica-bound"))
			.withMessageContaining("a preset first (replica-bound)");
	}

	/**
	 * The preset's promise, from the costs measured under it (CpuBudgets.REPLICA_BOUND): at 5 replicas the replicas
	 * saturate before the gateway, and the suite at that rate fits in 2 cores with room for the load generator.
	 */
	@Test
	void shouldKeepTheReplicasTheBottleneckOfTheReplicaBoundPresetOnTwoCores() {
		CpuBudgets preset = CpuBudgets.REPLICA_BOUND;
		double replicaMillisPerIssue = 0.3;
		double gatewayMillisPerRequest = 0.37;
		// Kafka, the worker, Redis and MariaDB together, per issue.
		double infrastructureMillisPerIssue = 0.3;
		double fiveReplicasPerSecond = 5 * preset.forComponent("coupon-api-1").orElseThrow() * 1000
				/ replicaMillisPerIssue;

		double gatewayNeeds = fiveReplicasPerSecond * gatewayMillisPerRequest / 1000;
		assertThat(preset.forComponent("gateway").orElseThrow()).as("the gateway's budget with 20% headroom")
			.isGreaterThan(1.2 * gatewayNeeds);
		double replicas = 5 * preset.forComponent("coupon-api-1").orElseThrow();
		double infrastructure = fiveReplicasPerSecond * infrastructureMillisPerIssue / 1000;
		assertThat(replicas + gatewayNeeds + infrastructure)
			.as("the suite busy at 5 replicas, of 2 cores, leaving at least 0.3 for the load generator")
			.isLessThan(1.7);
	}

	@Test
	void shouldGiveASlowerStartUnderASmallBudgetMoreTime() {
		java.time.Duration base = java.time.Duration.ofMinutes(3);

		assertThat(CpuBudgets.parse("coupon-api=0.25,gateway=2").startupTimeout(base))
			.isEqualTo(java.time.Duration.ofMinutes(12));
		assertThat(CpuBudgets.parse("gateway=1.5").startupTimeout(base)).isEqualTo(base);
		assertThat(CpuBudgets.none().startupTimeout(base)).isEqualTo(base);
		assertThat(CpuBudgets.parse("redis=0.01").startupTimeout(base)).isEqualTo(java.time.Duration.ofMinutes(20));
	}

	@Test
	void shouldTakeTheBudgetFlagsOutOfACommandsArgumentsInBothSpellings() {
		CpuBudgetFlags flags = CpuBudgetFlags.take(
				List.of("--replicas", "3", "--cpus", "coupon-api=0.25", "--cpus-unenforced", "--vusers=100"));

		assertThat(flags.budgets()).isEqualTo(CpuBudgets.parse("coupon-api=0.25"));
		assertThat(flags.allowUnenforced()).isTrue();
		assertThat(flags.startBoost()).as("the start-up boost is the default").isTrue();
		assertThat(flags.rest()).containsExactly("--replicas", "3", "--vusers=100");
		assertThat(CpuBudgetFlags.take(List.of("--cpus-from-start", "--cpus", "redis=0.5")).startBoost()).isFalse();
		assertThat(CpuBudgetFlags.take(List.of("replica", "--cpus=gateway=0.6")).budgets())
			.isEqualTo(CpuBudgets.parse("gateway=0.6"));
		CpuBudgetFlags none = CpuBudgetFlags.take(List.of("--rate", "200"));
		assertThat(none.budgets().isEmpty()).isTrue();
		assertThat(none.allowUnenforced()).isFalse();
		assertThat(none.rest()).containsExactly("--rate", "200");
	}

	@Test
	void shouldRefuseIncompleteBudgetFlags() {
		assertThatIllegalArgumentException().isThrownBy(() -> CpuBudgetFlags.take(List.of("--cpus")))
			.withMessage("Missing value for --cpus");
		assertThatIllegalArgumentException().isThrownBy(() -> CpuBudgetFlags.take(List.of("--cpus-unenforced")))
			.withMessage("--cpus-unenforced needs --cpus");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CpuBudgetFlags.take(List.of("--cpus", "redis=1", "--cpus=gateway=1")))
			.withMessage("--cpus is given twice");
		assertThatIllegalArgumentException().isThrownBy(() -> CpuBudgetFlags.take(List.of("--cpus-from-start")))
			.withMessage("--cpus-from-start needs --cpus");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CpuBudgetFlags.take(List.of("--cpus", "redis=1", "--cpus-from-start=true")))
			.withMessage("--cpus-from-start takes no value");
	}

}
