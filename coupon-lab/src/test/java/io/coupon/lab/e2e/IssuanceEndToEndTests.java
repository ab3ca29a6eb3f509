package io.coupon.lab.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.coupon.lab.RunningSuite;
import io.coupon.lab.Suite;
import io.coupon.lab.SuiteOptions;
import io.coupon.lab.TokenMinter;
import io.coupon.lab.check.InvariantChecker;
import io.coupon.lab.check.Outcome;
import io.coupon.lab.check.ReadChecker;
import io.coupon.lab.check.ReadOutcome;
import io.coupon.lab.deploy.DeployQueries;
import io.coupon.lab.deploy.PrometheusText;
import io.coupon.lab.experiment.CellResult;
import io.coupon.lab.experiment.Charts;
import io.coupon.lab.experiment.Experiment;
import io.coupon.lab.experiment.ExperimentOptions;
import io.coupon.lab.experiment.ExperimentReport;
import io.coupon.lab.experiment.LoadResult;
import io.coupon.lab.experiment.ReadCellResult;
import io.coupon.lab.experiment.ReadRequest;
import io.coupon.lab.experiment.ReadResult;
import io.coupon.lab.experiment.SaleExperiment;
import io.coupon.lab.experiment.SaleOptions;
import io.coupon.lab.experiment.SaleReport;
import io.coupon.lab.experiment.SaleResult;
import io.coupon.lab.experiment.Scenario;
import io.coupon.lab.experiment.UserMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole suite as `./coupon up` runs it (embedded Redis, MariaDB and Kafka; Eureka; two coupon-api replicas; the
 * worker; the gateway), on free ports, driven only through the gateway. Per strategy: stock 500, 1,500 distinct
 * users each sending 2 requests at once. Then the lab's experiments on it: two short issue cells, and one read-status
 * cell.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IssuanceEndToEndTests {

	private static final int STOCK = 500;

	private static final int USERS = 1_500;

	private static final int REQUESTS_PER_USER = 2;

	/**
	 * The same for every strategy. At 200 in flight on a 2-core machine the lock strategies shed most requests as
	 * 503 (lock not free within coupon.issue.lock-wait), and the fair lock then stalls on abandoned waiters
	 * (redisson#1353): measured, 1,656 and 2,945 of 3,000. At 64 they still shed a few percent. The lab measures
	 * that cost; this test checks the invariants under a load every strategy carries.
	 */
	private static final int MAX_IN_FLIGHT = 64;

	private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");

	private static RunningSuite suite;

	private static String runningStrategy = "lua";

	@BeforeAll
	static void startSuite() {
		Path project = Path.of("").toAbsolutePath().getParent();
		suite = Suite.start(SuiteOptions.defaults(project)
			.withFreePorts()
			.withStateDir(project.resolve("coupon-lab/target/e2e-suite"))
			.withReplicas(2)
			.withStrategy(runningStrategy)
			// Every replica start still warms up before it is ready, a sixth as long: these tests are about correctness,
			// and the suite restarts replicas often (docs/experiments.md measures what the full warm-up buys).
			.withEnv("COUPON_WARMUP_ISSUES", "500")
			.withEnv("COUPON_WARMUP_REQUESTS", "50")
			.withProgress((line) -> System.out.println("[suite] " + line)));
	}

	@AfterAll
	static void stopSuite() {
		if (suite != null) {
			suite.stop();
		}
	}

	@Test
	@Order(1)
	void shouldIssueExactlyTheStockWithLua() throws Exception {
		assertSafe("lua", 1_000_000);
	}

	@Test
	@Order(2)
	void shouldIssueExactlyTheStockWithTheUnfairLock() throws Exception {
		assertSafe("lock", 2_000_000);
	}

	@Test
	@Order(3)
	void shouldIssueExactlyTheStockWithTheFairLock() throws Exception {
		assertSafe("fair-lock", 3_000_000);
	}

	@Test
	@Order(4)
	void shouldMeasureTheViolationsOfTheOriginSetIncrStrategy() throws Exception {
		Run run = storm("set-incr", 4_000_000);
		System.out.printf("set-incr (origin design) through the gateway: %s; answers %s%n", run.verdict(),
				run.storm().answersByKind());
		// Measured, not asserted safe: the point of this strategy is to show its violations.
		assertThat(run.storm().requests()).as("every request got an answer").hasSize(USERS * REQUESTS_PER_USER);
	}

	/**
	 * {@code ./coupon experiment}'s machinery on this suite, two short cells: switch the replicas back to lua, run 2
	 * then 3 replicas (scaled up between the cells) through the gateway with Gatling, check, and write the report.
	 */
	@Test
	@Order(5)
	void shouldRunAShortExperimentAndReportWhatTheLoadAndTheCheckerSaw(@TempDir Path results) throws Exception {
		ExperimentOptions options = ExperimentOptions.demo()
			.withVusers(List.of(16))
			.withWarmup(Duration.ofSeconds(2))
			.withColdWarmup(Duration.ZERO)
			.withDuration(Duration.ofSeconds(5));

		ExperimentReport report = new Experiment(options, results, System.out).runOn(suite, false);
		runningStrategy = "lua";

		assertThat(report.cells()).hasSize(2);
		for (CellResult cell : report.cells()) {
			LoadResult load = cell.load();
			String label = cell.cell().label();
			assertThat(load.count(Outcome.ISSUED)).as(label + ": issued").isPositive();
			assertThat(load.errors()).as(label + ": errors " + load.outcomes()).isZero();
			assertThat(cell.verdict().passed()).as(label + ": " + cell.verdict()).isTrue();
			assertThat(cell.verdict().rows()).as(label + ": a row for every issued coupon")
				.isEqualTo(load.count(Outcome.ISSUED));
			assertThat(cell.drained()).as(label + ": the worker caught up").isTrue();
			assertThat(load.instances().values().stream().mapToLong(Long::longValue).sum())
				.as(label + ": the replicas' shares add up")
				.isEqualTo(load.total());
			assertThat(load.instances()).as(label + ": every replica served, roughly evenly")
				.hasSize(cell.cell().replicas())
				.allSatisfy((instance, answers) -> assertThat(answers).isGreaterThan(load.total() / (3L * cell.cell().replicas())));
			assertThat(cell.gatlingReport()).as(label + ": Gatling's report").isNotNull();
			assertThat(results.resolve(cell.gatlingReport()).resolve("index.html")).isRegularFile();
		}
		assertThat(report.cells().get(1).load().instances()).containsKey("coupon-api:" + suite.options().apiPorts().get(2));
		String markdown = Files.readString(report.reportFile());
		JsonNode raw = JsonMapper.builder().build().readTree(Files.readString(results.resolve("results.json")));
		for (int i = 0; i < 2; i++) {
			CellResult cell = report.cells().get(i);
			assertThat(raw.get("cells").get(i).get("totalTests").asLong()).isEqualTo(cell.load().total());
			assertThat(markdown).contains(String.format(Locale.ROOT, "| %d | lua | gateway | %d | 16 | 2 | %,.0f |",
					i + 1, cell.cell().replicas(), cell.load().tps()));
		}
		assertThat(results.resolve(Charts.TPS_OVER_TIME)).isRegularFile();
	}

	/**
	 * The read-status scenario on the same suite, one short cell at its current replica count: seed half of 200 users,
	 * then read the counts and random users' status with Gatling, and check that the reads changed nothing.
	 */
	@Test
	@Order(6)
	void shouldRunAShortReadStatusCellThatReadsHoldersAndNonHoldersAndChangesNothing(@TempDir Path results)
			throws Exception {
		int replicas = suite.options().replicas();
		ExperimentOptions options = ExperimentOptions.demo()
			.withScenarios(List.of(Scenario.READ_STATUS))
			.withReplicas(List.of(replicas))
			.withStrategies(List.of(runningStrategy))
			.withUsers(new UserMode(200))
			.withVusers(List.of(16))
			.withWarmup(Duration.ofSeconds(2))
			.withColdWarmup(Duration.ZERO)
			.withDuration(Duration.ofSeconds(5));

		ExperimentReport report = new Experiment(options, results, System.out).runOn(suite, false);

		assertThat(report.cells()).as("no issue cell").isEmpty();
		assertThat(report.readCells()).hasSize(1);
		ReadCellResult cell = report.readCells().getFirst();
		ReadResult reads = cell.reads();
		ReadChecker.Verdict verdict = cell.verdict();
		assertThat(cell.seed().count(Outcome.ISSUED)).as("the seed issued users 1-100").isEqualTo(100);
		assertThat(reads.requests(ReadRequest.COUPON_COUNTS)).as("coupon reads").isPositive();
		assertThat(reads.requests(ReadRequest.ISSUE_STATUS)).as("status reads").isPositive();
		assertThat(reads.errors()).as("errors " + reads.outcomes()).isZero();
		long statusReads = reads.requests(ReadRequest.ISSUE_STATUS);
		assertThat(reads.count(ReadRequest.ISSUE_STATUS, ReadOutcome.ISSUED))
			.as("users 1-100 of 1-200 hold the coupon: about half the reads find one")
			.isGreaterThan(statusReads / 4);
		assertThat(reads.count(ReadRequest.ISSUE_STATUS, ReadOutcome.NOT_ISSUED))
			.as("and about half find none")
			.isGreaterThan(statusReads / 4);
		String invariant = "reads change nothing: rows and Redis's count before the reads = after = the 100 seeded; "
				+ "no answer contradicts MySQL (" + verdict + ")";
		assertThat(verdict.passed()).as(invariant).isTrue();
		assertThat(verdict.before()).as(invariant).isEqualTo(new ReadChecker.State(100, 100));
		assertThat(verdict.after()).as(invariant).isEqualTo(verdict.before());
		assertThat(rowUserIds(cell.couponId())).as(invariant).hasSize(100);
		assertThat(reads.instances()).as("every replica served reads").hasSize(replicas);
		assertThat(results.resolve(cell.gatlingReport()).resolve("index.html")).isRegularFile();
		assertThat(Files.readString(report.reportFile())).contains("## Read status: what was checked")
			.doesNotContain("## Invariants");
	}

	/**
	 * Every metric that docker/grafana's dashboard and docker/prometheus/alerts.yml query is served by a service of
	 * the suite, with the labels they match, after a storm: a timer serves its buckets once it has recorded something.
	 */
	@Test
	@Order(7)
	void shouldServeEveryMetricThatTheDashboardAndTheAlertsQuery() throws Exception {
		Run run = storm(runningStrategy, 5_000_000);
		assertThat(run.verdict().passed()).as(run.verdict().toString()).isTrue();

		List<PrometheusText.Sample> samples = MetricScrapes.samplesOfEveryService(suite);
		assertThat(samples).extracting(PrometheusText.Sample::name)
			.as("the samples of every service, against the metrics docker/grafana and docker/prometheus/alerts.yml query")
			.containsAll(DeployQueries.servedMetricNames());
		assertThat(DeployQueries.servedSelectors()).allSatisfy((selector) -> assertThat(samples).as(selector.toString())
			.anyMatch((sample) -> selector.matches(sample.name(), sample.labels())));
	}

	private void assertSafe(String strategy, long firstUser) throws Exception {
		Run run = storm(strategy, firstUser);
		InvariantChecker.Verdict verdict = run.verdict();
		System.out.printf("%s through the gateway: %s; answers %s; requests by replica %s%n", strategy, verdict,
				run.storm().answersByKind(), run.storm().requestsByInstance());
		String invariant = strategy + ": rows = min(stock, users) = " + STOCK
				+ "; no user twice; every success has a row";
		assertThat(verdict.passed()).as(invariant + " (" + verdict + ")").isTrue();
		assertThat(verdict.rows()).as(invariant).isEqualTo(STOCK);
		assertThat(verdict.usersConfirmed()).as(invariant).isEqualTo(STOCK);
		assertThat(verdict.usersConfirmedTwice()).as(invariant).isZero();
		assertThat(verdict.unexpected()).as(invariant).isZero();
		assertThat(verdict.stranded()).as(invariant).isZero();
		assertThat(rowUserIds(run.coupon())).as("R9: every row names a token's subject, never a forged X-USER-ID")
			.allMatch((user) -> user >= firstUser && user < firstUser + USERS);
		if (strategy.equals("lua")) {
			assertThat(run.storm().count(Outcome.FAILED) + run.storm().count(Outcome.TIMED_OUT))
				.as("no errors without faults")
				.isZero();
		}
		else {
			// A lock strategy may shed load when the coupon's lock is not free within coupon.issue.lock-wait, but only
			// as an explicit 503 problem: never a timeout, another 5xx or a gateway error.
			assertThat(run.storm().answersByKind().keySet()).as("lock contention answers only 503 unavailable")
				.allMatch((answer) -> answer.startsWith("2") || answer.startsWith("409 ")
						|| answer.equals("503 unavailable"));
		}
		assertThat(run.storm().requestsByInstance()).as("both replicas served the storm")
			.hasSize(2)
			.allSatisfy((instance, requests) -> assertThat(requests).isGreaterThan(USERS / 4));
	}

	private Run storm(String strategy, long firstUser) throws Exception {
		if (!strategy.equals(runningStrategy)) {
			suite.restartApiReplicas(strategy);
			runningStrategy = strategy;
		}
		long coupon = createCoupon(strategy);
		IssueStorm.Result storm = new IssueStorm(suite.gatewayUrl(), suite.tokens()).run(coupon, firstUser, USERS,
				REQUESTS_PER_USER, MAX_IN_FLIGHT);
		long confirmedUsers = storm.requests()
			.stream()
			.filter((request) -> request.outcome() == Outcome.ISSUED)
			.map(InvariantChecker.Request::userId)
			.distinct()
			.count();
		// The worker writes asynchronously: wait until it has written at least every confirmed issuance.
		await().atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> rowUserIds(coupon).size() >= confirmedUsers);
		return new Run(coupon, storm, InvariantChecker.check(STOCK, storm.requests(), rowUserIds(coupon)));
	}

	private long createCoupon(String strategy) throws Exception {
		HttpResponse<String> created = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(suite.gatewayUrl() + "/api/v1/coupons"))
				.header("Authorization", TokenMinter.bearer(suite.tokens().admin()))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers
					.ofString("{\"name\":\"e2e " + strategy + "\",\"totalQuantity\":" + STOCK + "}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		Matcher id = ID.matcher(created.body());
		assertThat(id.find()).isTrue();
		return Long.parseLong(id.group(1));
	}

	private static List<Long> rowUserIds(long couponId) throws Exception {
		try (Connection connection = DriverManager.getConnection(suite.jdbcUrl(), suite.dbUsername(),
				suite.dbPassword());
				PreparedStatement query = connection
					.prepareStatement("SELECT user_id FROM issued_coupon WHERE coupon_id = ?")) {
			query.setLong(1, couponId);
			List<Long> users = new ArrayList<>();
			try (ResultSet rows = query.executeQuery()) {
				while (rows.next()) {
					users.add(rows.getLong(1));
				}
			}
			return users;
		}
	}

	private record Run(long coupon, IssueStorm.Result storm, InvariantChecker.Verdict verdict) {

	}

	/**
	 * {@code ./coupon experiment --scenario spike} on this suite, short: 1,000 new users at once through the gateway
	 * on a stock of 100, each retrying a 503 or a timeout; then the invariant checker, as after every cell.
	 */
	@Test
	@Order(8)
	void shouldSellAStockOutToASpikeOfUsersAndReportItsFairness(@TempDir Path results) throws Exception {
		SaleOptions options = SaleOptions.parse(List.of("--scenario", "spike", "--vusers", "1000", "--stock", "100",
				"--replicas", Integer.toString(suite.options().replicas()), "--strategy", runningStrategy, "--warmup",
				"0s", "--cold-warmup", "0s"));

		SaleReport report = new SaleExperiment(options, results, System.out).runOn(suite, false);

		SaleResult sale = report.sale();
		String invariant = "issued rows = min(stock, users) = 100, no user twice (" + report.verdict() + ")";
		assertThat(report.verdict().passed()).as(invariant).isTrue();
		assertThat(report.verdict().rows()).as(invariant).isEqualTo(100);
		assertThat(report.verdict().unexpected()).as("no row for a user told no").isZero();
		assertThat(report.verdict().stranded()).as("no stock left while users asked").isZero();
		assertThat(sale.users()).as("every user ended").hasSize(1_000);
		assertThat(sale.usersWithoutAnswer()).as("users by last answer " + sale.usersByAnswer()).isZero();
		assertThat(sale.fairness().winners()).as("holders").isEqualTo(100);
		assertThat(sale.fairness().losers()).as("told sold-out").isEqualTo(900);
		assertThat(sale.sellOutMillis()).as("sold out").isPresent();
		assertThat(sale.fairness().windowMillis()).isNotNegative();
		assertThat(results.resolve("users.csv")).isRegularFile();
		assertThat(Files.readString(report.reportFile())).contains("## First come, first served")
			.contains("## Invariants (I1-I5)");
	}

}
