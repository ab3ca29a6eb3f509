package io.coupon.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * A real HTTP server on a free loopback port standing in for one coupon-api replica. Like a
 * replica, it sets {@code X-Instance-Id} on every answer; its behaviour depends on the path:
 * <ul>
 * <li>{@code /api/slow}: answers only after {@link #SLOW_ANSWER_DELAY}, well past the tests'
 * response timeout;</li>
 * <li>{@code /api/close}: reads the request, then closes the connection without answering;</li>
 * <li>{@code /api/fail}: 500 with a problem body;</li>
 * <li>{@code /api/busy}: 503 with {@code Retry-After: 7} and a problem body;</li>
 * <li>anything else: 200 with a JSON body naming the instance and echoing the request body.</li>
 * </ul>
 * It counts the requests it received per method and path, and keeps their bodies.
 */
final class StubUpstream implements AutoCloseable {

	static final Duration SLOW_ANSWER_DELAY = Duration.ofSeconds(10);

	static final String FAIL_BODY = "{\"type\":\"https://coupon.example/problems/internal\",\"status\":500}";

	static final String BUSY_BODY = "{\"type\":\"https://coupon.example/problems/broker-unavailable\",\"status\":503}";

	/** The answer's header that repeats the {@code X-USER-ID} values the stub received. */
	static final String SEEN_USER_IDS = "X-Seen-User-Ids";

	private final String instanceId;

	private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

	private final List<String> bodies = new CopyOnWriteArrayList<>();

	private final DisposableServer server;

	private StubUpstream(String instanceId) {
		this.instanceId = instanceId;
		this.server = HttpServer.create().host("127.0.0.1").port(0).handle(this::handle).bindNow();
	}

	static StubUpstream start(String instanceId) {
		return new StubUpstream(instanceId);
	}

	String uri() {
		return "http://127.0.0.1:" + this.server.port();
	}

	String instanceId() {
		return this.instanceId;
	}

	/**
	 * Requests received with this method and path ({@code /api/...}).
	 */
	int hits(String method, String path) {
		AtomicInteger count = this.hits.get(method + " " + path);
		return (count != null) ? count.get() : 0;
	}

	int totalHits() {
		return this.hits.values().stream().mapToInt(AtomicInteger::get).sum();
	}

	List<String> bodies() {
		return List.copyOf(this.bodies);
	}

	void reset() {
		this.hits.clear();
		this.bodies.clear();
	}

	@Override
	public void close() {
		this.server.disposeNow();
	}

	private Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
		return request.receive().aggregate().asString().defaultIfEmpty("").flatMap((body) -> {
			this.hits.computeIfAbsent(request.method().name() + " /" + request.path(), (key) -> new AtomicInteger())
				.incrementAndGet();
			this.bodies.add(body);
			response.header("X-Instance-Id", this.instanceId);
			// Every X-USER-ID the replica received, comma-separated: the identity tests check what reached it.
			List<String> userIds = request.requestHeaders().getAll("X-USER-ID");
			if (!userIds.isEmpty()) {
				response.header(SEEN_USER_IDS, String.join(",", userIds));
			}
			return switch (request.path()) {
				case "api/slow" -> Mono.delay(SLOW_ANSWER_DELAY).then(json(response, 200, echo(body)));
				case "api/close" -> Mono.<Void>fromRunnable(() -> response.withConnection((connection) -> connection.channel().close()))
					.then(Mono.never());
				case "api/fail" -> json(response, 500, FAIL_BODY);
				case "api/busy" -> {
					response.header("Retry-After", "7");
					yield json(response, 503, BUSY_BODY);
				}
				default -> json(response, 200, echo(body));
			};
		});
	}

	private String echo(String body) {
		return "{\"instance\":\"" + this.instanceId + "\",\"received\":" + (body.isEmpty() ? "null" : body) + "}";
	}

	private static Mono<Void> json(HttpServerResponse response, int status, String body) {
		return response.status(status).header("Content-Type", "application/json").sendString(Mono.just(body)).then();
	}

}
