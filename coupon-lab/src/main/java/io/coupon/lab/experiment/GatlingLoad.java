package io.coupon.lab.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.http.HttpDsl.http;

/**
 * Runs a simulation ({@link IssueSimulation}, {@link ReadStatusSimulation}, {@link IssueSeedSimulation}) with Gatling
 * inside this JVM, so that the simulation records into the lab's recorders directly, and Gatling writes its HTML
 * report into the results folder. One run at a time.
 */
final class GatlingLoad {

	/**
	 * What a simulation reads its settings from and records into. Gatling instantiates simulations by class name, so
	 * the simulation fetches it with {@link #current(Class)}.
	 */
	interface Bridge {

		/** Whether the simulation has been built and its virtual users are starting. */
		boolean started();

	}

	/** At most this many virtual users run while the suite's JVMs are cold ({@link #arrivals}). */
	static final int COLD_VUSERS = 100;

	private static volatile Bridge current;

	private GatlingLoad() {
	}

	static <T extends Bridge> T current(Class<T> type) {
		Bridge bridge = current;
		if (!type.isInstance(bridge)) {
			throw new IllegalStateException("A simulation runs only through GatlingLoad, which set " + bridge);
		}
		return type.cast(bridge);
	}

	/**
	 * The HTTP settings every simulation shares. A header every request must carry (one per virtual user, from the
	 * session) belongs here.
	 */
	static HttpProtocolBuilder protocol(String baseUrl) {
		return http.baseUrl(baseUrl)
			// By default Gatling first calls an outside site to warm itself up; this network is closed.
			.disableWarmUp()
			.disableCaching()
			.disableFollowRedirect()
			.acceptHeader("application/json, application/problem+json");
	}

	/**
	 * When the virtual users arrive: all at once, or, when the cell has a cold warm-up, at most {@link #COLD_VUSERS}
	 * at once and the rest once the cold warm-up is over, so that every user of the cell runs for the rest of the
	 * warm-up and all of the measurement.
	 * <p>
	 * A cold JVM serves a tenth of its warm rate or less. 2,000 users arriving at once on a cold suite waited longer
	 * than the 10 s request timeout, gave up, reconnected and sent again, and the suite spent its CPU on answers
	 * nobody was waiting for: it never warmed up (in 140 s, 1,883 timeouts every 10 s and under 600 answers a second).
	 * The cold warm-up exists to compile the hot paths, and 100 users do that as well as 2,000.
	 * @param coldWarmup zero when the suite is warm
	 */
	static OpenInjectionStep[] arrivals(int vusers, Duration coldWarmup) {
		if (coldWarmup.isZero() || vusers <= COLD_VUSERS) {
			return new OpenInjectionStep[] { atOnceUsers(vusers) };
		}
		return new OpenInjectionStep[] { atOnceUsers(COLD_VUSERS), nothingFor(coldWarmup),
				atOnceUsers(vusers - COLD_VUSERS) };
	}

	/**
	 * Gatling reads its configuration from system properties (over its defaults) once per run.
	 * @param requestTimeout a request not answered within this is a timeout
	 */
	static void configure(Duration requestTimeout) {
		// The lab prints its own progress line; Gatling's console summary every 5 s would interleave with it.
		System.setProperty("gatling.data.writers.0", "file");
		System.setProperty("gatling.data.enableAnalytics", "false");
		System.setProperty("gatling.http.requestTimeout", Long.toString(requestTimeout.toMillis()));
		System.setProperty("gatling.core.shutdownTimeout", "5000");
	}

	/**
	 * Runs the load to its end and returns the folder of Gatling's HTML report (empty without one).
	 * @param htmlReport whether Gatling writes its HTML report
	 * @throws IllegalStateException when Gatling fails
	 */
	static Optional<Path> run(Class<? extends Simulation> simulation, Bridge run, Path gatlingResults,
			String description, boolean htmlReport) {
		current = run;
		try {
			Files.createDirectories(gatlingResults);
			List<String> args = new ArrayList<>(List.of("--simulation", simulation.getName(), "--results-folder",
					gatlingResults.toAbsolutePath().toString(), "--run-description", description));
			if (!htmlReport) {
				args.add("--no-reports");
			}
			int status = io.gatling.app.Gatling$.MODULE$.fromArgs(args.toArray(String[]::new));
			if (!run.started()) {
				throw new IllegalStateException("Gatling ended with status " + status + " before the load started");
			}
			return htmlReport ? newestReport(gatlingResults) : Optional.empty();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not create " + gatlingResults, ex);
		}
		finally {
			current = null;
		}
	}

	private static Optional<Path> newestReport(Path gatlingResults) throws IOException {
		try (Stream<Path> reports = Files.list(gatlingResults)) {
			return reports.filter((dir) -> Files.isRegularFile(dir.resolve("index.html")))
				.max((a, b) -> Long.compare(a.toFile().lastModified(), b.toFile().lastModified()));
		}
	}

}
