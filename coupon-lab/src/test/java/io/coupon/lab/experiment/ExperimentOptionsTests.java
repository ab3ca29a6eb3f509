package io.coupon.lab.experiment;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ExperimentOptionsTests {

	@Test
	void shouldDefaultToTheOriginsMatrix() {
		ExperimentOptions options = ExperimentOptions.defaults();

		assertThat(options.replicas()).containsExactly(2, 3, 5);
		assertThat(options.vusers()).containsExactly(100, 1000, 2000);
		assertThat(options.strategies()).containsExactly("lua");
		assertThat(options.targets()).containsExactly(Target.GATEWAY);
		assertThat(options.scenarios()).containsExactly(Scenario.ISSUE);
		assertThat(options.cells()).hasSize(9);
	}

	@Test
	void shouldKeepTheDemoShort() {
		ExperimentOptions demo = ExperimentOptions.demo();

		assertThat(demo.cells()).extracting(ExperimentOptions.Cell::replicas).containsExactly(2, 3);
		// Both cells warm up cold (the suite is new, then a replica is added): the sum must stay within minutes.
		Duration load = demo.warmup().plus(demo.coldWarmup()).plus(demo.duration()).multipliedBy(2);
		assertThat(load).isLessThanOrEqualTo(Duration.ofMinutes(3));
	}

	@Test
	void shouldParseEveryFlagInBothForms() {
		ExperimentOptions options = ExperimentOptions.parse(List.of("--replicas", "1,4", "--vusers=10", "--duration",
				"2m", "--warmup=15s", "--cold-warmup", "0", "--strategy", "lua,set-incr", "--stock", "10_000",
				"--users", "pool:50", "--target", "gateway,trusted-gateway,direct", "--timeout", "1500ms",
				"--scenario=issue,read-status"),
				ExperimentOptions.defaults());

		assertThat(options.replicas()).containsExactly(1, 4);
		assertThat(options.vusers()).containsExactly(10);
		assertThat(options.duration()).isEqualTo(Duration.ofMinutes(2));
		assertThat(options.warmup()).isEqualTo(Duration.ofSeconds(15));
		assertThat(options.coldWarmup()).isZero();
		assertThat(options.strategies()).containsExactly("lua", "set-incr");
		assertThat(options.stock()).isEqualTo(10_000);
		assertThat(options.users()).isEqualTo(new UserMode(50));
		assertThat(options.targets()).containsExactly(Target.GATEWAY, Target.TRUSTED_GATEWAY, Target.DIRECT);
		assertThat(options.targets()).extracting(Target::label).containsExactly("gateway", "trusted-gateway", "direct");
		assertThat(options.targets()).extracting(Target::viaGateway).containsExactly(true, true, false);
		assertThat(options.requestTimeout()).isEqualTo(Duration.ofMillis(1500));
		assertThat(options.scenarios()).containsExactly(Scenario.ISSUE, Scenario.READ_STATUS);
	}

	@Test
	void shouldRunTheScenariosOneAfterTheOtherAtEachReplicaCount() {
		ExperimentOptions options = ExperimentOptions.parse(
				List.of("--replicas", "2,3", "--vusers", "100,1000", "--scenario", "issue,read-status"),
				ExperimentOptions.defaults());

		List<ExperimentOptions.Cell> cells = options.cells();

		assertThat(cells).hasSize(8);
		assertThat(cells.get(1)).isEqualTo(new ExperimentOptions.Cell(2, "lua", Target.GATEWAY, 2, 1000, Scenario.ISSUE));
		assertThat(cells.get(2))
			.isEqualTo(new ExperimentOptions.Cell(3, "lua", Target.GATEWAY, 2, 100, Scenario.READ_STATUS));
		assertThat(cells.get(4)).isEqualTo(new ExperimentOptions.Cell(5, "lua", Target.GATEWAY, 3, 100, Scenario.ISSUE));
		assertThat(cells.get(2).slug()).isEqualTo("03-read-status-lua-gateway-r2-v100");
		assertThat(cells.get(2).label()).isEqualTo("read-status lua gateway 2 replicas 100 vusers");
		// An issue cell keeps the names it had before there were scenarios.
		assertThat(cells.get(0).label()).isEqualTo("lua gateway 2 replicas 100 vusers");
	}

	@Test
	void shouldReadTheUsersOfThePoolAndSeedTheirFirstHalf() {
		ExperimentOptions unique = ExperimentOptions.parse(List.of("--scenario", "read-status"),
				ExperimentOptions.defaults());
		ExperimentOptions pool = ExperimentOptions.parse(List.of("--scenario", "read-status", "--users", "pool:201"),
				ExperimentOptions.defaults());

		// ngrinder/read-status.groovy reads the pool's ids, 20,000 by default.
		assertThat(unique.readUsers()).isEqualTo(20_000);
		assertThat(unique.seededReadUsers()).isEqualTo(10_000);
		assertThat(pool.readUsers()).isEqualTo(201);
		assertThat(pool.seededReadUsers()).isEqualTo(101);
	}

	@Test
	void shouldOrderCellsByStrategyThenTargetThenReplicasThenVusers() {
		ExperimentOptions options = ExperimentOptions.parse(
				List.of("--strategy", "lua,lock", "--replicas", "2,3", "--vusers", "100,1000"), ExperimentOptions.defaults());

		List<ExperimentOptions.Cell> cells = options.cells();

		assertThat(cells).hasSize(8);
		assertThat(cells.get(0)).isEqualTo(new ExperimentOptions.Cell(1, "lua", Target.GATEWAY, 2, 100, Scenario.ISSUE));
		assertThat(cells.get(1)).isEqualTo(new ExperimentOptions.Cell(2, "lua", Target.GATEWAY, 2, 1000, Scenario.ISSUE));
		assertThat(cells.get(2)).isEqualTo(new ExperimentOptions.Cell(3, "lua", Target.GATEWAY, 3, 100, Scenario.ISSUE));
		assertThat(cells.get(4)).isEqualTo(new ExperimentOptions.Cell(5, "lock", Target.GATEWAY, 2, 100, Scenario.ISSUE));
		assertThat(cells.get(4).slug()).isEqualTo("05-lock-gateway-r2-v100");
	}

	@Test
	void shouldRejectBadValuesWithAMessageNamingTheFlag() {
		ExperimentOptions defaults = ExperimentOptions.defaults();

		assertThatIllegalArgumentException().isThrownBy(() -> ExperimentOptions.parse(List.of("--replicas", "0"), defaults))
			.withMessageContaining("--replicas");
		assertThatIllegalArgumentException().isThrownBy(() -> ExperimentOptions.parse(List.of("--vusers", "x"), defaults))
			.withMessageContaining("--vusers");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ExperimentOptions.parse(List.of("--strategy", "optimistic"), defaults))
			.withMessageContaining("--strategy");
		assertThatIllegalArgumentException().isThrownBy(() -> ExperimentOptions.parse(List.of("--users", "pool:0"), defaults))
			.withMessageContaining("--users");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ExperimentOptions.parse(List.of("--target", "sideways"), defaults))
			.withMessageContaining("--target");
		assertThatIllegalArgumentException().isThrownBy(() -> ExperimentOptions.parse(List.of("--duration", "soon"), defaults))
			.withMessageContaining("--duration");
		assertThatIllegalArgumentException().isThrownBy(() -> ExperimentOptions.parse(List.of("--duration", "0s"), defaults))
			.withMessageContaining("--duration");
		assertThatIllegalArgumentException().isThrownBy(() -> ExperimentOptions.parse(List.of("--stock"), defaults))
			.withMessageContaining("Missing value for --stock");
		assertThatIllegalArgumentException().isThrownBy(() -> ExperimentOptions.parse(List.of("--colour", "red"), defaults))
			.withMessageContaining("Unknown option");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ExperimentOptions.parse(List.of("--scenario", "read"), defaults))
			.withMessageContaining("--scenario");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ExperimentOptions.parse(List.of("--scenario", ","), defaults))
			.withMessageContaining("at least one value");
		// read-status issues half its users first: a pool of ten million would take hours.
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ExperimentOptions.parse(List.of("--scenario", "read-status", "--users", "pool:10000000"),
					defaults))
			.withMessageContaining("--users");
	}

}
