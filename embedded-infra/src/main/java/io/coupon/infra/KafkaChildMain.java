package io.coupon.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import kafka.Kafka;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Exit;

/**
 * The main class of the broker's child JVM started by {@link KafkaBroker}: formats the storage on
 * first use with {@code kafka.tools.StorageTool}, then runs {@code kafka.Kafka}.
 *
 * <p>Formatting here instead of in a JVM of its own saves a JVM start (seconds on a small
 * machine). The child also exits when the JVM that started it dies, even if that one was killed
 * and had no chance to run its shutdown hook. Public only because the {@code java} launcher needs
 * it; not part of the module's API.
 */
public final class KafkaChildMain {

	/**
	 * System property with the pid of the JVM that started this one.
	 */
	static final String PARENT_PID_PROPERTY = "coupon.infra.parent-pid";

	private KafkaChildMain() {
	}

	/**
	 * Arguments: the {@code server.properties} file and the log (data) directory.
	 */
	public static void main(String[] args) {
		if (args.length != 2) {
			System.err.println("usage: KafkaChildMain <server.properties> <log.dirs>");
			System.exit(2);
		}
		exitWithParent();
		Path config = Path.of(args[0]);
		Path logDir = Path.of(args[1]);
		if (!Files.exists(logDir.resolve("meta.properties"))) {
			format(config);
		}
		Kafka.main(new String[] { config.toString() });
	}

	private static void format(Path config) {
		String clusterId = Uuid.randomUuid().toString();
		System.out.println("Formatting the storage of " + config + " with cluster id " + clusterId);
		// StorageTool.main ends with Exit.exit even on success; catch that instead of exiting.
		Exit.setExitProcedure((status, message) -> {
			throw new ToolExit(status, message);
		});
		int status = 0;
		String message = null;
		try {
			StorageTool.main(new String[] { "format", "--cluster-id", clusterId, "--config", config.toString(),
					"--ignore-formatted" });
		}
		catch (ToolExit ex) {
			status = ex.status;
			message = ex.getMessage();
		}
		finally {
			Exit.resetExitProcedure();
		}
		if (status != 0) {
			System.err.println("Formatting failed with status " + status + ": " + message);
			System.exit(status);
		}
	}

	private static void exitWithParent() {
		String parentPid = System.getProperty(PARENT_PID_PROPERTY);
		if (parentPid == null) {
			return;
		}
		Optional<ProcessHandle> parent = ProcessHandle.of(Long.parseLong(parentPid));
		if (parent.isEmpty()) {
			System.err.println("The parent JVM " + parentPid + " is gone; not starting");
			System.exit(1);
		}
		parent.get().onExit().thenRun(() -> {
			System.err.println("The parent JVM " + parentPid + " exited; stopping the broker");
			// Runs the broker's shutdown hook: a controlled shutdown, as on SIGTERM.
			System.exit(0);
		});
	}

	private static final class ToolExit extends RuntimeException {

		private final int status;

		ToolExit(int status, String message) {
			super(message, null, false, false);
			this.status = status;
		}

	}

}
