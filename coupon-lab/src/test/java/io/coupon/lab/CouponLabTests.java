package io.coupon.lab;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class CouponLabTests {

	@TempDir
	Path projectDir;

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	@Test
	void shouldListTheCommands() {
		assertThat(run("help")).isEqualTo(CouponLab.OK);
		assertThat(run()).isEqualTo(CouponLab.OK);

		assertThat(output()).contains("  up [--replicas N]", "  status", "  down", "  help", "--infra-only",
				"COUPON_KAFKA_BOOTSTRAP", "  bench gateway [--vusers 100]", "--baseline-jar <path>");
	}

	@Test
	void shouldRejectUnknownCommandsAndOptions() {
		assertThat(run("deploy")).isEqualTo(CouponLab.USAGE);
		assertThat(errors()).contains("Unknown command: deploy", "Usage: ./coupon");
		assertThat(run("up", "--replicas", "none")).isEqualTo(CouponLab.USAGE);
		assertThat(errors()).contains("--replicas must be a number");
		assertThat(run("status", "--verbose")).isEqualTo(CouponLab.USAGE);
		assertThat(run("bench")).isEqualTo(CouponLab.USAGE);
		assertThat(errors()).contains("./coupon bench gateway [options]");
		assertThat(run("bench", "gateway", "--vusers", "0")).isEqualTo(CouponLab.USAGE);
		assertThat(errors()).contains("--vusers must be at least 1");
	}

	@Test
	void shouldTakeCpuBudgetsOnUpExperimentAndChaosAndRefuseBadOnes() {
		assertThat(run("help")).isEqualTo(CouponLab.OK);
		assertThat(output()).contains("--cpus component=cpus", "--cpus-unenforced");

		assertThat(run("up", "--cpus", "database=1")).isEqualTo(CouponLab.USAGE);
		assertThat(errors()).contains("--cpus: unknown component database");
		assertThat(run("experiment", "--replicas", "2", "--cpus=gateway=lots")).isEqualTo(CouponLab.USAGE);
		assertThat(errors()).contains("--cpus: gateway needs a number of CPUs, got lots");
		assertThat(run("chaos", "kafka", "--cpus-unenforced")).isEqualTo(CouponLab.USAGE);
		assertThat(errors()).contains("--cpus-unenforced needs --cpus");
	}

	@Test
	void shouldOfferTheSaleAndTheReplicaBoundPresetAndRefuseABadSaleBeforeStartingAnything() {
		assertThat(run("help")).isEqualTo(CouponLab.OK);
		assertThat(output()).contains("experiment --scenario spike|ramp", "--cpus replica-bound");

		assertThat(run("experiment", "--scenario", "spike", "--retries", "many")).isEqualTo(CouponLab.USAGE);
		assertThat(errors()).contains("--retries must be a whole number, got many");
		assertThat(run("experiment", "--scenario", "issue,spike")).isEqualTo(CouponLab.USAGE);
		assertThat(errors()).contains("spike and ramp run alone");
		assertThat(run("experiment", "--scenario", "ramp", "--rate", "fast", "--cpus", "replica-bound"))
			.isEqualTo(CouponLab.USAGE);
		assertThat(errors()).contains("--rate must be two arrival rates");
	}

	@Test
	void shouldReportNothingRunningWithoutState() {
		assertThat(run("status")).isEqualTo(CouponLab.NOT_ALL_UP);
		assertThat(output()).contains("No suite is running", this.projectDir.resolve(".coupon/logs").toString());

		assertThat(run("down")).isEqualTo(CouponLab.OK);
		assertThat(output()).contains("nothing to stop");
	}

	@Test
	void shouldPrintTokensOfTheRunningSuiteOnly() {
		assertThat(run("token")).isEqualTo(CouponLab.FAILED);
		assertThat(errors()).contains("No suite is running");

		LabSecrets secrets = LabSecrets.generate();
		new StateStore(SuiteOptions.defaults(this.projectDir).stateDir()).writeSecrets(secrets);
		assertThat(run("token", "--user", "42")).isEqualTo(CouponLab.OK);
		assertThat(run("token", "--admin")).isEqualTo(CouponLab.OK);
		List<String> printed = output().lines().toList();
		assertThat(printed).hasSize(2).allMatch((token) -> token.split("\\.").length == 3);
		assertThat(payload(printed.get(0))).startsWith("{\"sub\":\"42\",");
		assertThat(payload(printed.get(1))).contains("\"scope\":\"coupon:admin\"");
		assertThat(run("token", "--user", "forty-two")).isEqualTo(CouponLab.USAGE);
		assertThat(errors()).contains("Usage: ./coupon token");
	}

	@Test
	void shouldFailUpClearlyWhenTheServiceJarsAreMissing() {
		assertThat(run("up")).isEqualTo(CouponLab.FAILED);
		assertThat(errors()).contains("FAILED: Missing", "discovery-server.jar", "./mvnw -DskipTests package");
	}

	private static String payload(String token) {
		return new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
	}

	private int run(String... args) {
		return CouponLab.run(List.of(args), Map.of(), SuiteOptions.defaults(this.projectDir),
				new PrintStream(this.out, true, StandardCharsets.UTF_8),
				new PrintStream(this.err, true, StandardCharsets.UTF_8));
	}

	private String output() {
		return this.out.toString(StandardCharsets.UTF_8);
	}

	private String errors() {
		return this.err.toString(StandardCharsets.UTF_8);
	}

}
