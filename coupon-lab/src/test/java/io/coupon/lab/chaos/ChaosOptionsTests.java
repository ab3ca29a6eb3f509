package io.coupon.lab.chaos;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ChaosOptionsTests {

	@Test
	void shouldSizeTheRunAroundTheFaultByDefault() {
		ChaosOptions kafka = ChaosOptions.parse(List.of("kafka"));
		assertThat(kafka.rate()).isEqualTo(200);
		assertThat(kafka.faultAt()).isEqualTo(Duration.ofSeconds(10));
		assertThat(kafka.downtime()).isEqualTo(Duration.ofSeconds(5));
		assertThat(kafka.duration()).as("at least 40 s").isEqualTo(Duration.ofSeconds(40));
		assertThat(kafka.stock()).as("half of 200/s x 40 s").isEqualTo(4_000);
		assertThat(kafka.replicas()).isEqualTo(2);

		ChaosOptions mysql = ChaosOptions.parse(List.of("mysql"));
		assertThat(mysql.downtime()).isEqualTo(Duration.ofMinutes(2));
		assertThat(mysql.duration()).as("fault at 10 s + 120 s down + 20 s").isEqualTo(Duration.ofSeconds(150));

		assertThat(ChaosOptions.parse(List.of("replica")).replicas()).as("two must survive").isEqualTo(3);
	}

	@Test
	void shouldDeriveDurationAndStockFromTheFlagsGiven() {
		ChaosOptions options = ChaosOptions.parse(List.of("redis", "--rate", "100", "--fault-at=5s", "--downtime",
				"30s", "--concurrency", "16", "--timeout", "20s"));
		assertThat(options.fault()).isEqualTo(Fault.REDIS);
		assertThat(options.duration()).isEqualTo(Duration.ofSeconds(55));
		assertThat(options.stock()).isEqualTo(2_750);
		assertThat(options.concurrency()).isEqualTo(16);
		assertThat(options.requestTimeout()).isEqualTo(Duration.ofSeconds(20));

		assertThat(ChaosOptions.parse(List.of("worker", "--stock", "10", "--duration", "1m")).stock()).isEqualTo(10);
	}

	@Test
	void shouldFreezeALockHolderPastTheLeaseOfTheReplicasItRunsAgainst() {
		ChaosOptions lockPause = ChaosOptions.parse(List.of("lock-pause"));
		assertThat(lockPause.rate()).as("busy enough that the lock is mostly held").isEqualTo(150);
		assertThat(lockPause.lockLease()).isEqualTo(Duration.ofSeconds(5));
		assertThat(lockPause.forLease(Duration.ofSeconds(5))).isEqualTo(lockPause);

		ChaosOptions defaultLease = lockPause.forLease(Duration.ofSeconds(30));

		assertThat(defaultLease.lockLease()).isEqualTo(Duration.ofSeconds(30));
		assertThat(defaultLease.downtime()).isEqualTo(Duration.ofSeconds(34));
		assertThat(defaultLease.duration()).isEqualTo(Duration.ofSeconds(64));
		assertThat(defaultLease.stock()).as("unchanged").isEqualTo(lockPause.stock());
	}

	@Test
	void shouldRefuseWhatCannotRun() {
		assertThatIllegalArgumentException().isThrownBy(() -> ChaosOptions.parse(List.of()))
			.withMessageContaining("kafka, redis");
		assertThatIllegalArgumentException().isThrownBy(() -> ChaosOptions.parse(List.of("--rate", "5")))
			.withMessageContaining("needs a fault");
		assertThatIllegalArgumentException().isThrownBy(() -> ChaosOptions.parse(List.of("zookeeper")))
			.withMessageContaining("Unknown fault 'zookeeper'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ChaosOptions.parse(List.of("kafka", "--duration", "10s", "--fault-at", "8s")))
			.withMessageContaining("The load must outlast the fault");
		assertThatIllegalArgumentException().isThrownBy(() -> ChaosOptions.parse(List.of("kafka", "--rate", "0")))
			.withMessageContaining("--rate must be between 1 and 20000");
		assertThatIllegalArgumentException().isThrownBy(() -> ChaosOptions.parse(List.of("replica", "--replicas", "1")))
			.withMessageContaining("at least 2");
		assertThatIllegalArgumentException().isThrownBy(() -> ChaosOptions.parse(List.of("kafka", "--nope", "1")))
			.withMessageContaining("Unknown option for chaos: --nope");
		assertThatIllegalArgumentException().isThrownBy(() -> ChaosOptions.parse(List.of("kafka", "--rate")))
			.withMessageContaining("Missing value for --rate");
	}

}
