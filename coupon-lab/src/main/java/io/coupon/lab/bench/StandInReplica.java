package io.coupon.lab.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A trivial upstream for the gateway benchmark: it registers in the registry as a {@code coupon-api} replica and
 * answers the issue request as one does (201, a Location, the {@code IssueResponse} JSON, {@code X-Instance-Id};
 * 400 problem details for a bad coupon or user id), with nothing behind it: no Redis, no Kafka, no stock. Whatever
 * the gateway costs is then the gateway's.
 * <p>
 * Run in a process of its own ({@code main}), so that its CPU is counted apart from the gateway's and the load
 * generator's. Prints {@code READY stand-in <url>} once it serves and is registered.
 */
public final class StandInReplica implements AutoCloseable {

	/** The application name the gateway's route sends to ({@code lb://coupon-api}). */
	static final String APPLICATION = "coupon-api";

	static final String INSTANCE_HEADER = "X-Instance-Id";

	static final String USER_HEADER = "X-USER-ID";

	private static final Pattern ISSUE_PATH = Pattern.compile("/api/v1/coupons/([^/]+)/issue");

	private static final String PROBLEMS = "https://coupon.example/problems/";

	private final HttpServer server;

	private final ExecutorService executor;

	private final String instanceId;

	private final Clock clock;

	private final AtomicLong position = new AtomicLong();

	/** What the stand-in answers: status, content type, body and the Location header (or null). */
	record Answer(int status, String contentType, String body, String location) {
	}

	StandInReplica(int port, String instanceId, int threads, Clock clock) throws IOException {
		this.instanceId = instanceId;
		this.clock = clock;
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
		// Its own bounded pool: the default executor would answer on the single dispatcher thread.
		this.executor = Executors.newFixedThreadPool(threads, Thread.ofPlatform().name("stand-in-", 1).factory());
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::handle);
	}

	void start() {
		this.server.start();
	}

	int port() {
		return this.server.getAddress().getPort();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange; InputStream body = exchange.getRequestBody()) {
			body.transferTo(OutputStream.nullOutputStream());
			Answer answer = answer(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
					exchange.getRequestHeaders().getFirst(USER_HEADER));
			byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", answer.contentType());
			exchange.getResponseHeaders().set(INSTANCE_HEADER, this.instanceId);
			if (answer.location() != null) {
				exchange.getResponseHeaders().set("Location", answer.location());
			}
			exchange.sendResponseHeaders(answer.status(), bytes.length);
			exchange.getResponseBody().write(bytes);
		}
	}

	/** The answer to one request, as coupon-api's controllers give it. */
	Answer answer(String method, String path, String userHeader) {
		Matcher issue = ISSUE_PATH.matcher(path);
		if (issue.matches() && method.equals("POST")) {
			long coupon = id(issue.group(1));
			long user = id(userHeader);
			if (coupon <= 0 || user <= 0) {
				return problem(400, "invalid-request", "Invalid request",
						(coupon <= 0) ? "The coupon id must be a positive number" : "X-USER-ID must be a positive number");
			}
			Instant acceptedAt = this.clock.instant();
			String body = "{\"couponId\":%d,\"userId\":%d,\"position\":%d,\"acceptedAt\":\"%s\",\"status\":\"PENDING\"}"
				.formatted(coupon, user, this.position.incrementAndGet(), acceptedAt);
			return new Answer(201, "application/json", body, "/api/v1/coupons/" + coupon + "/issues/" + user);
		}
		if (path.equals("/api/v1/instance") && method.equals("GET")) {
			return new Answer(200, "application/json", "{\"instanceId\":\"" + this.instanceId + "\"}", null);
		}
		if (path.equals("/actuator/health") && method.equals("GET")) {
			return new Answer(200, "application/json", "{\"status\":\"UP\"}", null);
		}
		return problem(404, "not-found", "Not found", "No such resource");
	}

	private static Answer problem(int status, String slug, String title, String detail) {
		String body = "{\"type\":\"%s%s\",\"title\":\"%s\",\"status\":%d,\"detail\":\"%s\"}".formatted(PROBLEMS, slug,
				title, status, detail);
		return new Answer(status, "application/problem+json", body, null);
	}

	// Ids as the API reads them: positive decimal numbers; anything else is invalid (-1).
	private static long id(String value) {
		if (value == null || value.isEmpty() || value.length() > 18 || !value.chars().allMatch(Character::isDigit)) {
			return -1;
		}
		return Long.parseLong(value);
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	/**
	 * {@code --port <port> --eureka <url> [--threads <n>]}: serves, registers as {@code coupon-api:<port>}, prints the
	 * READY line, and runs until it is stopped (cancelling its lease on SIGTERM).
	 */
	public static void main(String[] args) throws IOException, InterruptedException {
		int port = Integer.parseInt(argument(args, "--port", null));
		String eureka = argument(args, "--eureka", null);
		int threads = Integer.parseInt(argument(args, "--threads", "4"));
		String instanceId = APPLICATION + ":" + port;
		StandInReplica replica = new StandInReplica(port, instanceId, threads, Clock.systemUTC());
		replica.start();
		EurekaRegistration registration = new EurekaRegistration(eureka, APPLICATION, instanceId, replica.port());
		registration.start();
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			registration.close();
			replica.close();
		}, "stand-in-stop"));
		System.out.println("READY stand-in http://127.0.0.1:" + replica.port());
		System.out.flush();
		Thread.currentThread().join();
	}

	private static String argument(String[] args, String name, String fallback) {
		for (int i = 0; i + 1 < args.length; i++) {
			if (args[i].equals(name)) {
				return args[i + 1];
			}
		}
		if (fallback == null) {
			throw new IllegalArgumentException("StandInReplica needs " + name);
		}
		return fallback;
	}

}
