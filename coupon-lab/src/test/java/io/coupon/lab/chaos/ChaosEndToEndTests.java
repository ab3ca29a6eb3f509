package io.coupon.lab.chaos;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.coupon.lab.ComponentStatus;
import io.coupon.lab.RunningSuite;
import io.coupon.lab.Suite;
import io.coupon.lab.SuiteOptions;
import io.coupon.lab.SuiteStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every fault of {@code ./coupon chaos} on one suite started as {@code ./coupon up} starts it (three replicas, so
 * that one can die), each with a real process killed or frozen under a paced load through the gateway, then the
 * invariant checker and the fault's claims. Shorter than the command's defaults to fit CI: 100 requests/s, the fault
 * 5 s in, the database down 15 s instead of 2 minutes (docs/reliability.md says which runs are which).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChaosEndToEndTests {

	private static final Path PROJECT = Path.of("").toAbsolutePath().getParent();

	private static RunningSuite suite;

	private static boolean warm;

	@BeforeAll
	static void startSuite() {
		suite = Suite.start(SuiteOptions.defaults(PROJECT)
			.withFreePorts()
			.withStateDir(PROJECT.resolve("coupon-lab/target/chaos-suite"))
			.withReplicas(3)
			.withEnv("COUPON_ISSUE_LOCK_LEASE", ChaosOptions.TEST_LOCK_LEASE.toMillis() + "ms")
			// Every replica start still warms up before it is ready, a sixth as long: these tests are about correctness,
			// and the suite restarts replicas often (docs/experiments.md measures what the full warm-up buys).
			.withEnv("COUPON_WARMUP_ISSUES", "500")
			.withEnv("COUPON_WARMUP_REQUESTS", "50")
			.withProgress((line) -> System.out.println("[suite] " + line)));
	}

	@AfterAll
	static void stopSuite() {
		if (suite != null) {
			// What the attached run restarted belongs to the state file, as after ./coupon up: down stops it all.
			Suite.down(suite.stateDir(), (line) -> System.out.println("[suite] " + line));
			suite.stop();
		}
	}

	@Test
	@Order(1)
	void shouldAnswerEveryBadInputWithItsProblemAndChangeNothing() {
		ChaosReport report = run("bad-input");

		assertThat(report.badInputs().rows()).hasSameSizeAs(BadInputs.INPUTS).allMatch(BadInputs.Row::asExpected);
		assertThat(report.badInputs().before().redis()).as("the fingerprint sees the coupon it created").isNotEmpty();
		assertThat(report.badInputs().unchanged()).as(report.badInputs().stateDifference()).isTrue();
	}

	@Test
	@Order(2)
	void shouldIssueWithoutErrorsWhileTheWorkerIsKilledAndWriteEverythingOnceItIsBack() {
		ChaosReport report = run("worker", "--downtime", "3s");

		assertThat(report.errorWindow()).isEqualTo("no errors");
		assertThat(report.verdict().rows()).isPositive();
	}

	@Test
	@Order(3)
	void shouldBoundTheErrorsOfAKilledReplica() {
		ChaosReport report = run("replica", "--downtime", "5s");

		assertThat(report.events()).extracting(ChaosReport.Event::what).contains("kill -9 coupon-api-3");
	}

	@Test
	@Order(4)
	void shouldAnswer503WithRetryAfterWhileKafkaIsDownAndLoseNoConfirmedIssuance() {
		ChaosReport report = run("kafka", "--downtime", "3s");

		assertThat(report.answers()).as("the broker's death was felt").anyMatch(SteadyLoad.Answer::isExplicitUnavailable);
	}

	@Test
	@Order(5)
	void shouldRebuildTheStateFromMySqlWhenRedisComesBackEmptyAndNeverIssuePastTheStock() {
		ChaosReport report = run("redis", "--downtime", "2s");

		assertThat(report.answers()).as("the loss was felt").anyMatch(SteadyLoad.Answer::isExplicitUnavailable);
		assertThat(report.verdict().overIssued()).isZero();
		assertThat(report.verdict().rows()).isLessThanOrEqualTo(report.options().stock());
	}

	@Test
	@Order(6)
	void shouldKeepEveryEventOutOfTheDeadLetterTopicWhileTheDatabaseIsDown() {
		ChaosReport report = run("mysql", "--downtime", "15s");

		assertThat(report.claims()).extracting(ChaosReport.Claim::name)
			.contains("no event reached the dead-letter topic during the outage",
					"a malformed record reaches the dead-letter topic with its headers");
	}

	@Test
	@Order(7)
	void shouldKeepTheInvariantsWhenALockHolderIsFrozenPastItsLease() {
		ChaosReport report = run("lock-pause", "--downtime", "8s", "--rate", "150", "--warmup", "15s");

		assertThat(suite.options().strategy()).isEqualTo("lock");
		assertThat(report.verdict().usersConfirmed()).isPositive();
	}

	@Test
	@Order(8)
	void shouldRunAgainstASuiteStartedElsewhereAndLeaveItRunning() {
		ChaosOptions options = ChaosOptions.parse(List.of("worker", "--rate", "50", "--fault-at", "3s", "--downtime",
				"2s", "--duration", "15s", "--warmup", "2s"));

		ChaosReport report = new ChaosRun(options, PROJECT.resolve("coupon-lab/target/chaos-results/attached"),
				System.out)
			.run(suite.options());

		assertThat(report.passed()).as(report.terminalSummary()).isTrue();
		SuiteStatus status = Suite.status(suite.stateDir());
		assertThat(status.allUp()).as("every recorded component, the restarted worker included, is up").isTrue();
		assertThat(status.components()).extracting(ComponentStatus::name).contains("coupon-worker");
	}

	private static ChaosReport run(String fault, String... flags) {
		List<String> args = new ArrayList<>(List.of(fault, "--rate", "100", "--fault-at", "5s", "--replicas", "3",
				"--warmup", warm ? "3s" : "20s"));
		args.addAll(List.of(flags));
		ChaosOptions options = ChaosOptions.parse(args);
		options = ChaosOptions.parse(withDuration(args, options));
		ChaosReport report = new ChaosRun(options, PROJECT.resolve("coupon-lab/target/chaos-results/" + fault),
				System.out)
			.runOn(suite);
		warm |= options.fault().underLoad();
		assertThat(report.passed()).as(report.terminalSummary()).isTrue();
		for (String component : suite.componentNames()) {
			assertThat(suite.isAlive(component)).as("%s runs again after the %s fault", component, fault).isTrue();
		}
		return report;
	}

	/** The fault plus 15 s of steady state, rather than the command's 20 s and 40 s minimum. */
	private static List<String> withDuration(List<String> args, ChaosOptions options) {
		List<String> sized = new ArrayList<>(args);
		sized.addAll(List.of("--duration",
				options.faultAt().plus(options.downtime()).plusSeconds(15).toSeconds() + "s"));
		return sized;
	}

}
