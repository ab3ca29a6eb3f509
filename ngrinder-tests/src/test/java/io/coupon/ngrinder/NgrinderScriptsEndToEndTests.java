package io.coupon.ngrinder;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import io.coupon.lab.RunningSuite;
import io.coupon.lab.Suite;
import io.coupon.lab.SuiteOptions;
import io.coupon.lab.check.InvariantChecker;
import io.coupon.lab.check.Outcome;
import io.coupon.lab.experiment.SuiteClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The three scripts of ngrinder/, each run by nGrinder 3.5.9's own runtime (Grinder's worker process with nGrinder's
 * GroovyScriptEngine and GrinderRunner, {@code ngrinder.context=agent}) in a JVM of its own, 10 threads x 20 runs,
 * against one lab suite started for them (embedded Redis, MariaDB and Kafka, Eureka, two replicas, the worker, the
 * gateway), with tokens minted from the suite's secret as a user of the scripts does. After each script: the
 * worker's own counts per outcome (its final statistics, which it reports to nGrinder's console) against MySQL's rows
 * and Redis's count, and the invariants I1-I5. Any call of the scripts that nGrinder's API does not have, any
 * exception, any failed request is an error in those statistics, and fails the test.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NgrinderScriptsEndToEndTests {

	private static final int THREADS = 10;

	private static final int RUNS = 20;

	private static final int REQUESTS = THREADS * RUNS;

	private static final Duration WORKER_TIMEOUT = Duration.ofMinutes(4);

	private static final String CONNECT_TIMEOUT_MILLIS = "30000";

	/** The unique-users coupon sells out part-way: 120 issued, then 80 sold-out. */
	private static final long UNIQUE_STOCK = 120;

	/** The default first id of issue-unique-users.groovy, and its id layout: thread x 10^9 + run, agent and process 0. */
	private static final long UNIQUE_BASE = 1_000_000_000_000_000_000L;

	private static final long RUNS_PER_VUSER = 1_000_000_000L;

	/**
	 * The pool: 200 draws from 200 users reach far more than 60 of them (about 126 on average), so it sells out, and
	 * holders come back. No user is drawn anywhere near the 10 requests of the gateway's per-user burst.
	 */
	private static final long POOL_STOCK = 60;

	private static final long POOL_SIZE = 200;

	/**
	 * The reads draw from 1,000 users, the pool's 200 among them: a status read sends 2 requests for its user, and
	 * over fewer users a fast run could draw one often enough to meet the per-user rate limit (429).
	 */
	private static final long READ_USERS = 1_000;

	// The outcome tests of the issue scripts (their OUTCOMES tables), and of read-status.groovy.
	private static final int ISSUE_REQUEST = 1;

	private static final int ISSUED = 2;

	private static final int ALREADY_ISSUED = 3;

	private static final int SOLD_OUT = 4;

	private static final int COUPON_READ = 1;

	private static final int STATUS_READ = 2;

	private static final int STATUS_PENDING = 3;

	private static final int STATUS_ISSUED = 4;

	private static final int STATUS_NOT_ISSUED = 5;

	private static final Path PROJECT = Path.of("").toAbsolutePath().getParent();

	private static final Path SCRIPTS = PROJECT.resolve("ngrinder");

	private static final Path RUNS_DIR = PROJECT.resolve("ngrinder-tests/target/ngrinder-runs");

	private static NgrinderWorker worker;

	private static RunningSuite suite;

	private static SuiteClient client;

	private static String jwtSecret;

	private static long poolCoupon;

	@BeforeAll
	static void startSuite() throws IOException {
		worker = new NgrinderWorker(WorkerRuntime.fromBuild(), WORKER_TIMEOUT);
		suite = Suite.start(SuiteOptions.defaults(PROJECT)
			.withFreePorts()
			.withStateDir(PROJECT.resolve("ngrinder-tests/target/ngrinder-suite"))
			.withReplicas(2)
			// The replicas warm up before they are ready, on 500 decisions instead of 3,000: this test is about the
			// scripts, not speed (as the lab's end-to-end suites).
			.withEnv("COUPON_WARMUP_ISSUES", "500")
			.withEnv("COUPON_WARMUP_REQUESTS", "50")
			.withProgress((line) -> System.out.println("[suite] " + line)));
		client = new SuiteClient(suite);
		jwtSecret = secretOf(suite);
	}

	@AfterAll
	static void stopSuite() {
		if (suite != null) {
			suite.stop();
		}
	}

	@Test
	@Order(1)
	void shouldIssueTheStockToUniqueUsersAndReportEachAnswerUnderItsOutcome() throws Exception {
		long coupon = client.createCoupon("ngrinder unique users", UNIQUE_STOCK);

		NgrinderWorker.Result run = run("issue-unique-users.groovy", coupon, Map.of());

		FinalStatistics statistics = run.statistics();
		assertThat(statistics.test(ISSUE_REQUEST).tests()).as("every request passed").isEqualTo(REQUESTS);
		assertThat(statistics.test(ISSUED).description()).isEqualTo("issued 201");
		assertThat(statistics.test(ISSUED).tests()).as("issued: the stock").isEqualTo(UNIQUE_STOCK);
		assertThat(statistics.test(SOLD_OUT).tests()).as("sold-out: every request after it")
			.isEqualTo(REQUESTS - UNIQUE_STOCK);
		assertThat(statistics.tests().keySet()).as("no other outcome").containsExactly(ISSUE_REQUEST, ISSUED, SOLD_OUT);

		List<Long> rows = drainedRows(coupon, statistics.test(ISSUED).tests());
		assertThat(client.issuedQuantity(coupon)).as("Redis's count = the script's issued").isEqualTo(UNIQUE_STOCK);

		// Each run's outcome, from the data log, with the user the script's id scheme gave it.
		List<InvariantChecker.Request> requests = run.calls()
			.stream()
			.filter((call) -> call.test() != ISSUE_REQUEST)
			.map((call) -> new InvariantChecker.Request(UNIQUE_BASE + call.thread() * RUNS_PER_VUSER + call.run(),
					issueOutcome(call.test())))
			.toList();
		assertThat(requests).as("one outcome per run").hasSize(REQUESTS);
		assertThat(requests.stream().map(InvariantChecker.Request::userId).distinct()).as("no id used twice")
			.hasSize(REQUESTS);
		InvariantChecker.Verdict verdict = InvariantChecker.check(UNIQUE_STOCK, requests, rows);
		System.out.println("issue-unique-users.groovy under nGrinder: " + verdict);
		assertThat(verdict.passed()).as(verdict.toString()).isTrue();
		assertThat(verdict.rows()).as("I1: rows = the stock").isEqualTo(UNIQUE_STOCK);
		assertThat(verdict.usersConfirmed()).as("I3: a row for every issued").isEqualTo(UNIQUE_STOCK);
		assertThat(verdict.unexpected()).as("I4: no row for a user told sold-out, or who never asked").isZero();
		assertThat(verdict.indeterminate()).isZero();
		assertThat(verdict.usersConfirmedTwice()).as("I2").isZero();
		assertThat(verdict.stranded()).as("I5: the stock sold out").isZero();
	}

	@Test
	@Order(2)
	void shouldIssueTheStockToAPoolOfReturningUsersAndTellAlreadyIssuedFromSoldOut() throws Exception {
		poolCoupon = client.createCoupon("ngrinder user pool", POOL_STOCK);

		NgrinderWorker.Result run = run("issue-user-pool.groovy", poolCoupon,
				Map.of("coupon.poolUserIdBase", "1", "coupon.poolSize", Long.toString(POOL_SIZE)));

		FinalStatistics statistics = run.statistics();
		long issued = statistics.test(ISSUED).tests();
		long alreadyIssued = statistics.test(ALREADY_ISSUED).tests();
		long soldOut = statistics.test(SOLD_OUT).tests();
		System.out.printf("issue-user-pool.groovy under nGrinder: issued %d, already-issued %d, sold-out %d%n", issued,
				alreadyIssued, soldOut);
		assertThat(statistics.test(ISSUE_REQUEST).tests()).as("every request passed").isEqualTo(REQUESTS);
		assertThat(issued + alreadyIssued + soldOut).as("one outcome per request").isEqualTo(REQUESTS);
		assertThat(statistics.test(ALREADY_ISSUED).description()).isEqualTo("already-issued 409");
		assertThat(alreadyIssued).as("holders came back").isPositive();
		assertThat(statistics.tests().keySet()).as("no other outcome").isSubsetOf(ISSUE_REQUEST, ISSUED,
				ALREADY_ISSUED, SOLD_OUT);
		assertThat(run.calls().stream().filter((call) -> call.test() != ISSUE_REQUEST)).as("one outcome per run")
			.hasSize(REQUESTS);

		// The pool's ids are drawn at random, so the users of the runs are not known here: the invariants by count.
		List<Long> rows = drainedRows(poolCoupon, issued);
		assertThat(issued).as("I5: the stock sold out, I1: not past it").isEqualTo(POOL_STOCK);
		assertThat(rows).as("I3: a row per issued answer").hasSize((int) issued);
		assertThat(new HashSet<>(rows)).as("I2: no user twice").hasSize(rows.size());
		assertThat(rows).as("I4: rows only for the pool's users").allMatch((user) -> user >= 1 && user <= POOL_SIZE);
		assertThat(client.issuedQuantity(poolCoupon)).as("Redis's count = the script's issued").isEqualTo(issued);
	}

	@Test
	@Order(3)
	void shouldReadTheCountsAndTheStatusOfHoldersAndNonHoldersAndChangeNothing() throws Exception {
		assertThat(poolCoupon).as("the pool's coupon, from the test before").isPositive();
		List<Long> rowsBefore = client.rowUserIds(poolCoupon);
		long redisBefore = client.issuedQuantity(poolCoupon);

		NgrinderWorker.Result run = run("read-status.groovy", poolCoupon,
				Map.of("coupon.readUserIdBase", "1", "coupon.readUserIdCount", Long.toString(READ_USERS)));

		FinalStatistics statistics = run.statistics();
		long holders = statistics.test(STATUS_ISSUED).tests() + statistics.test(STATUS_PENDING).tests();
		long nonHolders = statistics.test(STATUS_NOT_ISSUED).tests();
		System.out.printf("read-status.groovy under nGrinder: holders %d, non-holders %d (of %d users, %d holders)%n",
				holders, nonHolders, READ_USERS, rowsBefore.size());
		assertThat(statistics.test(COUPON_READ).tests()).as("every coupon read passed: never oversold")
			.isEqualTo(REQUESTS);
		assertThat(statistics.test(STATUS_READ).tests()).as("every status read passed").isEqualTo(REQUESTS);
		assertThat(holders + nonHolders).as("one outcome per status read").isEqualTo(REQUESTS);
		assertThat(statistics.test(STATUS_NOT_ISSUED).description()).isEqualTo("issue-not-found 404");
		assertThat(holders).as("60 of the 1,000 users hold the coupon").isPositive();
		assertThat(nonHolders).as("940 do not").isPositive();
		assertThat(statistics.tests().keySet()).as("no other outcome").isSubsetOf(COUPON_READ, STATUS_READ,
				STATUS_PENDING, STATUS_ISSUED, STATUS_NOT_ISSUED);

		assertThat(client.rowUserIds(poolCoupon)).as("reads change no row").containsExactlyInAnyOrderElementsOf(rowsBefore);
		assertThat(client.issuedQuantity(poolCoupon)).as("nor Redis's count").isEqualTo(redisBefore);
	}

	/** Runs a script, and checks what every run of it must show: a normal end, no error, every run recorded. */
	private static NgrinderWorker.Result run(String script, long coupon, Map<String, String> scenario)
			throws Exception {
		Map<String, String> settings = new HashMap<>(scenario);
		settings.put("coupon.gatewayUrl", suite.gatewayUrl());
		settings.put("coupon.couponId", Long.toString(coupon));
		settings.put("coupon.jwtSecret", jwtSecret);
		// Not the scripts' 3 s: on a loaded 2-core machine that runs the suite, the build and the worker, a few
		// connections took longer (seen at a load average of 40), and timing is not what this test proves.
		settings.put("coupon.connectTimeoutMillis", CONNECT_TIMEOUT_MILLIS);
		NgrinderWorker.Result run = worker.run(SCRIPTS.resolve(script), THREADS, RUNS, settings,
				RUNS_DIR.resolve(script.replace(".groovy", "")));
		String where = " (see " + run.directory() + ")";
		assertThat(run.exitCode()).as("the worker's exit code" + where).isZero();
		assertThat(run.errorLines()).as("errors in the worker's log" + where).isEmpty();
		assertThat(run.statistics().errors()).as("0 script errors: " + run.statistics() + where).isZero();
		Set<String> runsSeen = run.calls()
			.stream()
			.map((call) -> call.thread() + "/" + call.run())
			.collect(Collectors.toSet());
		assertThat(runsSeen).as(THREADS + " threads x " + RUNS + " runs" + where).hasSize(REQUESTS);
		return run;
	}

	/** The coupon's rows once the worker has written every issuance the script was answered. */
	private static List<Long> drainedRows(long coupon, long issued) {
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> client.rowCount(coupon) >= issued);
		return client.rowUserIds(coupon);
	}

	private static Outcome issueOutcome(int test) {
		return switch (test) {
			case ISSUED -> Outcome.ISSUED;
			case ALREADY_ISSUED -> Outcome.ALREADY_ISSUED;
			case SOLD_OUT -> Outcome.SOLD_OUT;
			case 5, 6, 7, 8 -> Outcome.REJECTED;
			case 13 -> Outcome.TIMED_OUT;
			default -> Outcome.FAILED;
		};
	}

	/** The secret as a user of ./coupon up reads it: jwt-secret in the state's run/secrets.properties. */
	private static String secretOf(RunningSuite suite) throws IOException {
		Properties secrets = new Properties();
		try (Reader reader = Files.newBufferedReader(suite.stateDir().resolve("run").resolve("secrets.properties"))) {
			secrets.load(reader);
		}
		return secrets.getProperty("jwt-secret");
	}

}
