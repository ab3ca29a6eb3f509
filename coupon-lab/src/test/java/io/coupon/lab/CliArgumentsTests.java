package io.coupon.lab;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CliArgumentsTests {

	private final SuiteOptions defaults = SuiteOptions.defaults(Path.of("/repo"));

	@Test
	void shouldUseTheDefaultsWithoutArguments() {
		SuiteOptions options = CliArguments.parseUp(List.of(), Map.of(), this.defaults);

		assertThat(options).isEqualTo(this.defaults);
	}

	@Test
	void shouldParseEveryFlagInBothSpellings() {
		SuiteOptions options = CliArguments.parseUp(List.of("--replicas", "3", "--strategy=fair-lock", "--publish",
				"fire-and-forget", "--redis", "redis://10.0.0.1:6379", "--mysql=jdbc:mysql://10.0.0.2:3306/coupon",
				"--mysql-user", "lab", "--mysql-password=", "--kafka", "10.0.0.3:9092"), Map.of(), this.defaults);

		assertThat(options.replicas()).isEqualTo(3);
		assertThat(options.apiPorts()).containsExactly(8101, 8102, 8103);
		assertThat(options.strategy()).isEqualTo("fair-lock");
		assertThat(options.publish()).isEqualTo("fire-and-forget");
		assertThat(options.externalRedisUrl()).isEqualTo("redis://10.0.0.1:6379");
		assertThat(options.externalJdbcUrl()).isEqualTo("jdbc:mysql://10.0.0.2:3306/coupon");
		assertThat(options.externalDbUsername()).isEqualTo("lab");
		assertThat(options.externalDbPassword()).isEmpty();
		assertThat(options.externalKafkaBootstrap()).isEqualTo("10.0.0.3:9092");
		assertThat(options.infrastructureOnly()).isFalse();
	}

	@Test
	void shouldTakeExternalServersFromTheEnvironmentWithFlagsWinning() {
		Map<String, String> env = Map.of("COUPON_REDIS_URL", "redis://env:6379", "COUPON_JDBC_URL",
				"jdbc:mysql://env:3306/coupon", "COUPON_DB_USERNAME", "envuser", "COUPON_DB_PASSWORD", "envpass",
				"COUPON_KAFKA_BOOTSTRAP", "env:9092");

		SuiteOptions fromEnv = CliArguments.parseUp(List.of(), env, this.defaults);
		SuiteOptions flagWins = CliArguments.parseUp(List.of("--redis", "redis://flag:6379", "--mysql-user", "flaguser"),
				env, this.defaults);

		assertThat(fromEnv.externalRedisUrl()).isEqualTo("redis://env:6379");
		assertThat(fromEnv.externalJdbcUrl()).isEqualTo("jdbc:mysql://env:3306/coupon");
		assertThat(fromEnv.externalDbUsername()).isEqualTo("envuser");
		assertThat(fromEnv.externalDbPassword()).isEqualTo("envpass");
		assertThat(fromEnv.externalKafkaBootstrap()).isEqualTo("env:9092");
		assertThat(flagWins.externalRedisUrl()).isEqualTo("redis://flag:6379");
		assertThat(flagWins.externalDbUsername()).isEqualTo("flaguser");
		assertThat(flagWins.externalDbPassword()).isEqualTo("envpass");
	}

	@Test
	void shouldStartOnlyTheInfrastructureWhenAsked() {
		assertThat(CliArguments.parseUp(List.of("--infra-only"), Map.of(), this.defaults).infrastructureOnly()).isTrue();
	}

	@Test
	void shouldRejectBadArguments() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CliArguments.parseUp(List.of("--replicas", "two"), Map.of(), this.defaults))
			.withMessage("--replicas must be a number, got two");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CliArguments.parseUp(List.of("--replicas", "0"), Map.of(), this.defaults))
			.withMessage("--replicas must be at least 1, got 0");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CliArguments.parseUp(List.of("--strategy", "cas"), Map.of(), this.defaults))
			.withMessageContaining("lua, lock, fair-lock, set-incr");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CliArguments.parseUp(List.of("--publish", "never"), Map.of(), this.defaults))
			.withMessageContaining("acks, fire-and-forget");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CliArguments.parseUp(List.of("--kafka"), Map.of(), this.defaults))
			.withMessage("Missing value for --kafka");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CliArguments.parseUp(List.of("--mysql", "mysql://h/db"), Map.of(), this.defaults))
			.withMessageContaining("needs a JDBC URL");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CliArguments.parseUp(List.of("--mysql-user", "x"), Map.of(), this.defaults))
			.withMessageContaining("need --mysql");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CliArguments.parseUp(List.of("--gateway-port", "1"), Map.of(), this.defaults))
			.withMessage("Unknown option for up: --gateway-port");
	}

}
