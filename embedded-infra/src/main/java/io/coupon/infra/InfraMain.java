package io.coupon.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one server in the foreground as a process of its own, for the local launcher:
 * {@code InfraMain redis|mariadb|kafka --port N [--controller-port N] --dir PATH [--database NAME]}.
 *
 * <p>Once the server is ready it writes the server's pid to {@code <dir>/server.pid} and prints
 * one line {@code READY <name> <address>}; SIGTERM stops the server. If the server dies by
 * itself, this process exits with status 1.
 */
public final class InfraMain {

	static final String USAGE = "usage: InfraMain redis|mariadb|kafka --port N [--controller-port N] --dir PATH"
			+ " [--database NAME]";

	private InfraMain() {
	}

	public static void main(String[] args) {
		Options options;
		try {
			options = Options.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.err.println(USAGE);
			System.exit(2);
			return;
		}
		AtomicBoolean stopping = new AtomicBoolean();
		ManagedServer server;
		String address;
		try {
			switch (options.kind()) {
				case "redis" -> {
					RedisServer redis = RedisServer.start(options.port(), options.dir());
					server = redis;
					address = redis.url();
				}
				case "mariadb" -> {
					MariaDbServer mariaDb = MariaDbServer.start(options.port(), options.dir(), options.database());
					server = mariaDb;
					address = mariaDb.jdbcUrl();
				}
				default -> {
					KafkaBroker kafka = KafkaBroker.start(options.port(), options.controllerPort(),
							options.dir().resolve("data"));
					server = kafka;
					address = kafka.bootstrapServers();
				}
			}
			Path pidFile = options.dir().resolve("server.pid");
			Files.writeString(pidFile, server.pid() + System.lineSeparator());
			ManagedServer started = server;
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				stopping.set(true);
				started.close();
				try {
					Files.deleteIfExists(pidFile);
				}
				catch (IOException ex) {
					// A stale pid file is harmless: readers check that the pid is alive.
				}
			}, "infra-main-stop"));
		}
		catch (RuntimeException | IOException ex) {
			System.err.println("FAILED " + options.kind() + ": " + ex.getMessage());
			System.exit(1);
			return;
		}
		System.out.println("READY " + server.name() + " " + address);
		System.out.flush();
		ProcessHandle.of(server.pid()).ifPresent(handle -> handle.onExit().join());
		if (!stopping.get()) {
			System.err.println(server.name() + " (pid " + server.pid() + ") exited unexpectedly");
			System.exit(1);
		}
	}

	record Options(String kind, int port, int controllerPort, Path dir, String database) {

		static Options parse(String[] args) {
			if (args.length == 0) {
				throw new IllegalArgumentException("missing server kind");
			}
			String kind = args[0].toLowerCase(Locale.ROOT);
			if (!kind.equals("redis") && !kind.equals("mariadb") && !kind.equals("kafka")) {
				throw new IllegalArgumentException("unknown server kind: " + args[0]);
			}
			Integer port = null;
			Integer controllerPort = null;
			Path dir = null;
			String database = "coupon";
			for (int i = 1; i < args.length; i++) {
				String option = args[i];
				if (i + 1 >= args.length) {
					throw new IllegalArgumentException("missing value for " + option);
				}
				String value = args[++i];
				switch (option) {
					case "--port" -> port = parsePort(option, value);
					case "--controller-port" -> controllerPort = parsePort(option, value);
					case "--dir" -> dir = Path.of(value).toAbsolutePath().normalize();
					case "--database" -> database = value;
					default -> throw new IllegalArgumentException("unknown option: " + option);
				}
			}
			if (port == null) {
				throw new IllegalArgumentException("missing --port");
			}
			if (dir == null) {
				throw new IllegalArgumentException("missing --dir");
			}
			int controller = (controllerPort != null) ? controllerPort : port + 1;
			return new Options(kind, port, controller, dir, database);
		}

		private static int parsePort(String option, String value) {
			try {
				int port = Integer.parseInt(value);
				if (port < 1 || port > 65535) {
					throw new IllegalArgumentException(option + " out of range: " + value);
				}
				return port;
			}
			catch (NumberFormatException ex) {
				throw new IllegalArgumentException(option + " is not a number: " + value);
			}
		}

	}

}
