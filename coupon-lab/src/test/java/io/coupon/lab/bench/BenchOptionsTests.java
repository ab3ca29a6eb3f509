package io.coupon.lab.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BenchOptionsTests {

	@TempDir
	Path dir;

	@Test
	void shouldDefaultToOneHundredUsersNinetySecondsOfWarmUpAndThirtyMeasured() {
		BenchOptions options = BenchOptions.parse(List.of());

		assertThat(options.vusers()).isEqualTo(100);
		assertThat(options.warmup()).isEqualTo(Duration.ofSeconds(90));
		assertThat(options.duration()).isEqualTo(Duration.ofSeconds(30));
		assertThat(options.nginx()).isEqualTo(BenchOptions.NginxMode.AUTO);
		assertThat(options.baselineJar()).isNull();
		assertThat(options.hasBaseline()).isFalse();
	}

	@Test
	void shouldMeasureTheProjectsJarWithOtherSettingsAsTheBaseline() {
		BenchOptions options = BenchOptions.parse(List.of("--baseline-env",
				"SPRING_CLOUD_GATEWAY_SERVER_WEBFLUX_OBSERVABILITY_ENABLED=true,COUPON_RATE_LIMIT_ENABLED=false"));

		assertThat(options.hasBaseline()).isTrue();
		assertThat(options.baselineJar()).isNull();
		assertThat(options.baselineEnvironment()).containsExactlyInAnyOrderEntriesOf(
				Map.of("SPRING_CLOUD_GATEWAY_SERVER_WEBFLUX_OBSERVABILITY_ENABLED", "true", "COUPON_RATE_LIMIT_ENABLED",
						"false"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BenchOptions.parse(List.of("--baseline-env", "=true")))
			.withMessageContaining("NAME=VALUE");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BenchOptions.parse(List.of("--baseline-env", "NO_VALUE")))
			.withMessageContaining("NAME=VALUE");
	}

	@Test
	void shouldParseEveryOption() throws Exception {
		Path jar = Files.writeString(this.dir.resolve("gateway-before.jar"), "jar");

		BenchOptions options = BenchOptions.parse(List.of("--vusers", "8", "--warmup", "3s", "--duration", "2m",
				"--nginx", "false", "--baseline-jar", jar.toString()));

		assertThat(options).isEqualTo(new BenchOptions(8, Duration.ofSeconds(3), Duration.ofMinutes(2),
				BenchOptions.NginxMode.FALSE, jar.toAbsolutePath(), Map.of()));
		assertThat(BenchOptions.parse(List.of("--nginx", "TRUE")).nginx()).isEqualTo(BenchOptions.NginxMode.TRUE);
		assertThat(BenchOptions.parse(List.of("--warmup", "0")).warmup()).isZero();
	}

	@Test
	void shouldRefuseWhatItCannotRun() {
		assertThatIllegalArgumentException().isThrownBy(() -> BenchOptions.parse(List.of("--vusers", "0")))
			.withMessageContaining("--vusers");
		assertThatIllegalArgumentException().isThrownBy(() -> BenchOptions.parse(List.of("--vusers", "many")))
			.withMessageContaining("number");
		assertThatIllegalArgumentException().isThrownBy(() -> BenchOptions.parse(List.of("--duration", "0s")))
			.withMessageContaining("--duration");
		assertThatIllegalArgumentException().isThrownBy(() -> BenchOptions.parse(List.of("--nginx", "maybe")))
			.withMessageContaining("auto, true or false");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BenchOptions.parse(List.of("--baseline-jar", this.dir.resolve("missing.jar").toString())))
			.withMessageContaining("is not a file");
		assertThatIllegalArgumentException().isThrownBy(() -> BenchOptions.parse(List.of("--warmup")))
			.withMessageContaining("needs a value");
		assertThatIllegalArgumentException().isThrownBy(() -> BenchOptions.parse(List.of("--replicas", "2")))
			.withMessageContaining("Unknown option");
	}

}
