package io.coupon.gateway.warmup;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The upstream of the warm-up's requests: a server on a free loopback port, in the gateway's own process, that
 * answers an issue request as a coupon-api replica does (201, a Location, the issuance JSON, X-Instance-Id) and
 * anything else with 200. Nothing is behind it: the warm-up never reaches a replica.
 */
final class WarmUpUpstream implements AutoCloseable {

	static final String INSTANCE_ID = "gateway-warm-up";

	private static final byte[] ISSUED = "{\"couponId\":1,\"userId\":1,\"issuedAt\":\"2026-01-01T00:00:00Z\"}"
		.getBytes(StandardCharsets.UTF_8);

	private final AtomicInteger answered = new AtomicInteger();

	private final DisposableServer server;

	private WarmUpUpstream() {
		this.server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.route((routes) -> routes.post("/api/v1/coupons/{id}/issue", (request, response) -> request.receive()
				.then(Mono.defer(() -> {
					this.answered.incrementAndGet();
					return response.status(201)
						.header("Location", request.uri() + "s/1")
						.header("Content-Type", "application/json")
						.header("X-Instance-Id", INSTANCE_ID)
						.sendByteArray(Mono.just(ISSUED))
						.then();
				}))).route((request) -> true, (request, response) -> request.receive().then(Mono.defer(() -> {
					this.answered.incrementAndGet();
					return response.header("X-Instance-Id", INSTANCE_ID).send().then();
				}))))
			.bindNow();
	}

	static WarmUpUpstream start() {
		return new WarmUpUpstream();
	}

	String uri() {
		return "http://127.0.0.1:" + this.server.port();
	}

	/** How many requests it answered. */
	int answered() {
		return this.answered.get();
	}

	@Override
	public void close() {
		this.server.disposeNow();
	}

}
