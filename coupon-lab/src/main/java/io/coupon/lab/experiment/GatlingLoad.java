package io.coupon.lab.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Runs {@link IssueSimulation} with Gatling inside this JVM, so that the simulation records into the lab's
 * {@link LoadRecorder} directly, and Gatling writes its HTML report into the results folder.
 */
final class GatlingLoad {

	private GatlingLoad() {
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
	 * Runs the load to its end and returns the folder of Gatling's HTML report.
	 * @throws IllegalStateException when Gatling fails
	 */
	static Optional<Path> run(LoadRun run, Path gatlingResults, String description) {
		LoadRun.setCurrent(run);
		try {
			Files.createDirectories(gatlingResults);
			int status = io.gatling.app.Gatling$.MODULE$.fromArgs(new String[] { "--simulation",
					IssueSimulation.class.getName(), "--results-folder", gatlingResults.toAbsolutePath().toString(),
					"--run-description", description });
			if (!run.started()) {
				throw new IllegalStateException("Gatling ended with status " + status + " before the load started");
			}
			return newestReport(gatlingResults);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not create " + gatlingResults, ex);
		}
		finally {
			LoadRun.setCurrent(null);
		}
	}

	private static Optional<Path> newestReport(Path gatlingResults) throws IOException {
		try (Stream<Path> reports = Files.list(gatlingResults)) {
			return reports.filter((dir) -> Files.isRegularFile(dir.resolve("index.html")))
				.max((a, b) -> Long.compare(a.toFile().lastModified(), b.toFile().lastModified()));
		}
	}

}
