package io.coupon.lab.bench;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.coupon.lab.ComponentState;
import io.coupon.lab.Pauses;

/**
 * One nginx proxy hop in front of the stand-in, as the yardstick for what a proxy costs: one worker process, HTTP/1.1
 * keep-alive to the upstream, no access log. Its configuration, pid file, temporary files and error log live in a
 * folder of its own.
 */
final class NginxHop implements AutoCloseable {

	static final String INSTALL_HINT = "apt-get install nginx-light";

	private final Process process;

	private final ComponentState state;

	private NginxHop(Process process, ComponentState state) {
		this.process = process;
		this.state = state;
	}

	/** The nginx binary on the PATH or in /usr/sbin (where Debian installs it, often off a user's PATH). */
	static Optional<Path> find() {
		String path = System.getenv().getOrDefault("PATH", "");
		return Stream.concat(Stream.of(path.split(File.pathSeparator)), Stream.of("/usr/sbin", "/usr/local/sbin"))
			.filter((dir) -> !dir.isEmpty())
			.map((dir) -> Path.of(dir, "nginx"))
			.filter(Files::isExecutable)
			.findFirst();
	}

	/** The configuration: one worker, listening on {@code port}, proxying everything to the stand-in. */
	static String configuration(Path dir, int port, int upstreamPort) {
		return """
				worker_processes 1;
				daemon off;
				pid %1$s/nginx.pid;
				error_log %1$s/error.log warn;
				events {
				    worker_connections 8192;
				}
				http {
				    access_log off;
				    client_body_temp_path %1$s/client-body;
				    proxy_temp_path %1$s/proxy;
				    fastcgi_temp_path %1$s/fastcgi;
				    uwsgi_temp_path %1$s/uwsgi;
				    scgi_temp_path %1$s/scgi;
				    upstream stand_in {
				        server 127.0.0.1:%3$d;
				        keepalive 256;
				    }
				    server {
				        listen 127.0.0.1:%2$d;
				        keepalive_requests 1000000;
				        location / {
				            proxy_pass http://stand_in;
				            proxy_http_version 1.1;
				            proxy_set_header Connection "";
				        }
				    }
				}
				""".formatted(dir, port, upstreamPort);
	}

	/** Starts nginx and returns once it accepts connections on {@code port}. */
	static NginxHop start(Path binary, Path dir, int port, int upstreamPort, Duration timeout) {
		try {
			Files.createDirectories(dir);
			Path conf = dir.resolve("nginx.conf");
			Files.writeString(conf, configuration(dir, port, upstreamPort));
			Path log = dir.resolve("nginx.log");
			Process process = new ProcessBuilder(binary.toString(), "-e", dir.resolve("error.log").toString(), "-p",
					dir.toString(), "-c", conf.toString())
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			long deadline = System.nanoTime() + timeout.toNanos();
			while (!accepts(port)) {
				if (!process.isAlive() || System.nanoTime() > deadline) {
					process.destroyForcibly();
					throw new IllegalStateException("nginx did not start on port " + port + "; see " + log + " and "
							+ dir.resolve("error.log"));
				}
				Pauses.pause(Duration.ofMillis(50));
			}
			ComponentState state = new ComponentState("nginx", ComponentState.SERVICE, "http://127.0.0.1:" + port,
					port, process.pid(), null, process.toHandle().info().startInstant().orElse(Instant.now()), null,
					null, log.toString());
			return new NginxHop(process, state);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start nginx: " + ex.getMessage(), ex);
		}
	}

	private static boolean accepts(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	String url() {
		return this.state.address();
	}

	/** The master process (its worker is its child, and counted with it). */
	ComponentState state() {
		return this.state;
	}

	/** SIGTERM (nginx's fast shutdown), SIGKILL after 10 s. */
	@Override
	public void close() {
		List<ProcessHandle> all = Stream.concat(Stream.of(this.process.toHandle()), this.process.descendants())
			.toList();
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				all.forEach(ProcessHandle::destroyForcibly);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			all.forEach(ProcessHandle::destroyForcibly);
		}
	}

}
