package io.coupon.ngrinder;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * nGrinder's worker runtime as the module ngrinder-runtime resolved it: the class path of a worker JVM (nGrinder's
 * jars first, then Grinder's), the Grinder DCR agent among it, and the java that runs it.
 *
 * @param classPath the worker's class path, in Maven's order
 * @param dcrAgent the {@code -javaagent} every worker needs
 * @param java the worker's java: this JVM's own (JDK 25), on which nGrinder 3.5.9's runtime with Groovy 3.0.25 runs
 */
record WorkerRuntime(List<Path> classPath, Path dcrAgent, Path java) {

	/** The file that ngrinder-runtime's build-classpath writes; the profile ngrinder passes its path. */
	static final String CLASS_PATH_PROPERTY = "ngrinder.worker.classpath";

	static WorkerRuntime fromBuild() throws IOException {
		String file = System.getProperty(CLASS_PATH_PROPERTY);
		if (file == null || !Files.isRegularFile(Path.of(file))) {
			throw new IllegalStateException("nGrinder's runtime is not resolved (system property " + CLASS_PATH_PROPERTY
					+ " = " + file + "): run the build with -Dngrinder.repository=<absolute path of the file repository "
					+ "that holds org.ngrinder>, as .ci/run does; see docs/ngrinder.md");
		}
		List<Path> classPath = Arrays.stream(Files.readString(Path.of(file)).trim().split(File.pathSeparator))
			.map(Path::of)
			.toList();
		Path dcrAgent = classPath.stream()
			.filter((jar) -> jar.getFileName().toString().startsWith("grinder-dcr-agent-"))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("no grinder-dcr-agent on " + file));
		return new WorkerRuntime(classPath, dcrAgent, Path.of(System.getProperty("java.home"), "bin", "java"));
	}

}
