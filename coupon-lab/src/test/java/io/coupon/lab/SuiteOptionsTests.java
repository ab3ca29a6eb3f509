package io.coupon.lab;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SuiteOptionsTests {

	private final SuiteOptions defaults = SuiteOptions.defaults(Path.of("/repo"));

	@Test
	void shouldDefaultToThePortsOfTheLocalSuite() {
		assertThat(this.defaults.stateDir()).isEqualTo(Path.of("/repo/.coupon"));
		assertThat(this.defaults.replicas()).isEqualTo(2);
		assertThat(this.defaults.strategy()).isEqualTo("lua");
		assertThat(this.defaults.publish()).isEqualTo("acks");
		assertThat(List.of(this.defaults.redisPort(), this.defaults.mariaDbPort(), this.defaults.kafkaPort(),
				this.defaults.kafkaControllerPort(), this.defaults.discoveryPort(), this.defaults.workerPort(),
				this.defaults.gatewayPort()))
			.containsExactly(16379, 13306, 19092, 19093, 8761, 8090, 8080);
		assertThat(this.defaults.apiPorts()).containsExactly(8101, 8102);
		assertThat(this.defaults.apiInstanceIds()).containsExactly("coupon-api:8101", "coupon-api:8102");
		assertThat(this.defaults.infrastructureOnly()).isFalse();
	}

	@Test
	void shouldResizeTheApiPortsWithTheReplicas() {
		assertThat(this.defaults.withReplicas(5).apiPorts()).containsExactly(8101, 8102, 8103, 8104, 8105);
		assertThat(this.defaults.withReplicas(5).withReplicas(1).apiPorts()).containsExactly(8101);
		SuiteOptions explicit = this.defaults.withApiPorts(List.of(9001, 9005));
		assertThat(explicit.replicas()).isEqualTo(2);
		assertThat(explicit.withReplicas(3).apiPorts()).containsExactly(9001, 9005, 9006);
	}

	@Test
	void shouldGiveEveryComponentItsOwnFreePort() {
		SuiteOptions options = this.defaults.withReplicas(3).withFreePorts();

		List<Integer> ports = new ArrayList<>(List.of(options.redisPort(), options.mariaDbPort(), options.kafkaPort(),
				options.kafkaControllerPort(), options.discoveryPort(), options.workerPort(), options.gatewayPort()));
		ports.addAll(options.apiPorts());
		Set<Integer> distinct = new HashSet<>(ports);
		assertThat(ports).hasSize(10);
		assertThat(distinct).hasSize(10).doesNotContain(16379, 13306, 19092, 8080, 8761);
	}

	@Test
	void shouldKeepEveryOtherSettingWhenOneChanges() {
		SuiteOptions options = this.defaults.withStateDir(Path.of("/tmp/state"))
			.withStrategy("fair-lock")
			.withPublish("fire-and-forget")
			.withExternalRedis("redis://10.0.0.1:6379")
			.withExternalDatabase("jdbc:mysql://10.0.0.2:3306/coupon", "lab", "secret")
			.withExternalKafka("10.0.0.3:9092")
			.withEnv("LOGGING_LEVEL_ROOT", "WARN")
			.withEnv("A", "1")
			.withGatewayPort(18080);

		assertThat(options.stateDir()).isEqualTo(Path.of("/tmp/state"));
		assertThat(options.strategy()).isEqualTo("fair-lock");
		assertThat(options.publish()).isEqualTo("fire-and-forget");
		assertThat(options.externalRedisUrl()).isEqualTo("redis://10.0.0.1:6379");
		assertThat(options.externalJdbcUrl()).isEqualTo("jdbc:mysql://10.0.0.2:3306/coupon");
		assertThat(options.externalDbUsername()).isEqualTo("lab");
		assertThat(options.externalDbPassword()).isEqualTo("secret");
		assertThat(options.externalKafkaBootstrap()).isEqualTo("10.0.0.3:9092");
		assertThat(options.extraEnv()).containsEntry("LOGGING_LEVEL_ROOT", "WARN").containsEntry("A", "1");
		assertThat(options.gatewayPort()).isEqualTo(18080);
		assertThat(options.apiPorts()).containsExactly(8101, 8102);
		assertThat(options.toString()).doesNotContain("secret");
	}

	@Test
	void shouldRejectInvalidSettings() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.defaults.withReplicas(0))
			.withMessageContaining("replicas");
		assertThatIllegalArgumentException().isThrownBy(() -> this.defaults.withStrategy("optimistic"))
			.withMessageContaining("strategy must be one of [lua, lock, fair-lock, set-incr]");
		assertThatIllegalArgumentException().isThrownBy(() -> this.defaults.withPublish("maybe"))
			.withMessageContaining("publish");
		assertThatIllegalArgumentException().isThrownBy(() -> this.defaults.withGatewayPort(8101))
			.withMessageContaining("port 8101 is used twice");
		assertThatIllegalArgumentException().isThrownBy(() -> this.defaults.withRedisPort(70000))
			.withMessageContaining("invalid port 70000");
	}

}
