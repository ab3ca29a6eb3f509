package io.coupon.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * A real {@code redis-server} 6.2.6, the binary shipped inside {@code com.github.codemonstur:embedded-redis},
 * run as a child process bound to 127.0.0.1 without persistence.
 */
public final class RedisServer implements ManagedServer {

	private static final String BINARY_RESOURCE = "/redis-server-6.2.6-v5-linux-amd64";

	private static final String BINARY_FILE = "redis-server-6.2.6";

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);

	private final int port;

	private final ServerProcess process;

	private RedisServer(int port, ServerProcess process) {
		this.port = port;
		this.process = process;
	}

	/**
	 * Starts Redis on {@code port} and returns once it answers {@code PING}. The binary is extracted
	 * to {@code workDir} once; the server logs to {@code workDir/redis.log}.
	 */
	public static RedisServer start(int port, Path workDir) {
		Platform.requireLinuxAmd64("Redis");
		Path dir = workDir.toAbsolutePath();
		Path binary = extractBinary(dir);
		FreePorts.requireFree(port, "Redis");
		// No persistence: the lab treats Redis as a cache whose state the tests set up themselves.
		List<String> command = List.of(binary.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
				"--save", "", "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no");
		ServerProcess process = ServerProcess.start("redis", command, Map.of(), dir, dir.resolve("redis.log"));
		awaitPong(port, process);
		return new RedisServer(port, process);
	}

	@Override
	public String name() {
		return "redis";
	}

	@Override
	public long pid() {
		return this.process.pid();
	}

	public int port() {
		return this.port;
	}

	public String url() {
		return "redis://127.0.0.1:" + this.port;
	}

	@Override
	public void close() {
		this.process.stop(Duration.ofSeconds(10));
	}

	@Override
	public String toString() {
		return "RedisServer[" + url() + ", pid " + pid() + "]";
	}

	private static Path extractBinary(Path dir) {
		Path binary = dir.resolve(BINARY_FILE);
		try (InputStream in = RedisServer.class.getResourceAsStream(BINARY_RESOURCE)) {
			if (in == null) {
				throw new IllegalStateException("Resource " + BINARY_RESOURCE
						+ " not found: is com.github.codemonstur:embedded-redis on the class path?");
			}
			Files.createDirectories(dir);
			if (Files.isExecutable(binary)) {
				return binary;
			}
			// Write aside and move into place, so that a half-written file is never executed and a
			// running binary is never overwritten ("text file busy").
			Path partial = Files.createTempFile(dir, BINARY_FILE, ".partial");
			Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
			Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rwxr-xr-x"));
			Files.move(partial, binary, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			return binary;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not extract the Redis binary to " + binary, ex);
		}
	}

	private static void awaitPong(int port, ServerProcess process) {
		long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
		RedisURI uri = RedisURI.builder()
			.withHost("127.0.0.1")
			.withPort(port)
			.withTimeout(Duration.ofSeconds(1))
			.build();
		RedisClient client = RedisClient.create(uri);
		client.setOptions(ClientOptions.builder()
			.socketOptions(SocketOptions.builder().connectTimeout(Duration.ofMillis(500)).build())
			.build());
		String lastAnswer = "no connection";
		try {
			while (System.nanoTime() < deadline) {
				if (!process.isAlive()) {
					throw process.failure("exited before answering PING on 127.0.0.1:" + port);
				}
				try (StatefulRedisConnection<String, String> connection = client.connect()) {
					lastAnswer = connection.sync().ping();
					if ("PONG".equals(lastAnswer)) {
						return;
					}
				}
				catch (RedisException ex) {
					lastAnswer = ex.toString();
				}
				Pause.briefly();
			}
		}
		finally {
			client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		}
		throw process.failure("did not answer PING on 127.0.0.1:" + port + " within " + STARTUP_TIMEOUT.toSeconds()
				+ "s (last answer: " + lastAnswer + ")");
	}

}
