package io.coupon.lab.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.coupon.lab.SuiteOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A short {@code ./coupon bench gateway} on real processes: Redis, the registry, the project's gateway jar (built by
 * the reactor before this module) and the stand-in, which registers itself; nginx too when it is installed.
 */
class GatewayBenchIntegrationTests {

	@TempDir
	Path stateDir;

	@TempDir
	Path resultsDir;

	@Test
	void shouldMeasureTheGatewaysCpuPerAnswerSecuredAndTrusted() {
		BenchOptions options = BenchOptions.defaults()
			.withVusers(4)
			.withWarmup(Duration.ofSeconds(3))
			.withDuration(Duration.ofSeconds(3));
		ByteArrayOutputStream output = new ByteArrayOutputStream();
		PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
		SuiteOptions suite = SuiteOptions.defaults().withStateDir(this.stateDir).withProgress(out::println);

		BenchReport report = new GatewayBench(options, this.resultsDir, out).measure(suite);

		List<BenchResult> gateways = report.results().stream().filter((each) -> each.path().viaGateway()).toList();
		assertThat(gateways).extracting(BenchResult::path)
			.containsExactly(BenchCase.Path.SECURED, BenchCase.Path.TRUSTED);
		for (BenchResult gateway : gateways) {
			assertThat(gateway.answers()).as(gateway.label() + ": answers").isPositive();
			assertThat(gateway.non2xx()).as(gateway.label() + ": every answer a 201 from the stand-in").isZero();
			assertThat(gateway.proxyCpuPerAnswer()).as(gateway.label() + ": gateway CPU per answer")
				.hasValueSatisfying((micros) -> assertThat(micros).isPositive());
		}
		BenchResult direct = report.results().getFirst();
		assertThat(direct.path()).isEqualTo(BenchCase.Path.DIRECT);
		assertThat(direct.answers()).isPositive();
		assertThat(direct.non2xx()).isZero();
		boolean nginxMeasured = report.results().stream().anyMatch((each) -> each.path() == BenchCase.Path.NGINX);
		assertThat(nginxMeasured || report.notes().stream().anyMatch((note) -> note.contains(NginxHop.INSTALL_HINT)))
			.as("nginx measured when installed, else the report says how to install it")
			.isTrue();
		assertThat(report.ratios()).isNotEmpty();
		assertThat(this.resultsDir.resolve("report.md")).content().contains("| gateway secured |");
		assertThat(this.resultsDir.resolve("results.json")).content().contains("\"proxyCpuMicrosPerAnswer\"");
	}

}
