package io.coupon.gateway.warmup;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.coupon.gateway.security.GatewaySecurityProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.stereotype.Component;

/**
 * Warms the gateway's verify-and-proxy path up before it reports ready. Spring Boot runs application runners before
 * it declares the application ready, so while this runs the readiness probe (and the health the lab waits for)
 * answers 503.
 * <p>
 * The requests never reach a replica and issue nothing: they go through the application's own {@link HttpHandler}
 * (every web filter, the token check, the rate limiter, the route and its filters, the proxy's HTTP client) on an
 * entry of their own, a server on a free loopback port, and {@link WarmUpRoutingFilter} sends each to
 * {@link WarmUpUpstream}, a server in this process that answers like a replica. Bounded by
 * {@code coupon.warm-up.requests} and {@code coupon.warm-up.timeout}: past the timeout the gateway becomes ready
 * anyway, because a cold gateway serves and one that never becomes ready does not; a failure is logged and the
 * gateway is ready cold.
 */
@Component
class GatewayWarmUp implements ApplicationRunner {

	private static final Log logger = LogFactory.getLog(GatewayWarmUp.class);

	/** Spread over a few coupons, as real traffic is; their ids only reach the warm-up's upstream. */
	private static final int COUPONS = 16;

	private final WarmUpProperties settings;

	private final ObjectProvider<HttpHandler> handler;

	private final WarmUpTraffic traffic;

	private final WarmUpRequests requests;

	private final MeterRegistry registry;

	private final AtomicInteger finished = new AtomicInteger();

	private volatile @Nullable Outcome outcome;

	/**
	 * What the warm-up did.
	 *
	 * @param load the requests and their answers
	 * @param upstreamAnswered how many of them the warm-up's upstream answered
	 */
	record Outcome(WarmUpLoad.Result load, int upstreamAnswered) {
	}

	GatewayWarmUp(WarmUpProperties settings, ObjectProvider<HttpHandler> handler, WarmUpTraffic traffic,
			GatewaySecurityProperties security, MeterRegistry registry) {
		this.settings = settings;
		this.handler = handler;
		this.traffic = traffic;
		// Valid for as long as the warm-up may last, and a minute more.
		this.requests = new WarmUpRequests(security, Clock.systemUTC(), settings.timeout().plusMinutes(1));
		this.registry = registry;
		Gauge.builder("coupon.warmup.finished", this.finished, AtomicInteger::get)
			.description("1 once the gateway's warm-up has ended (or was switched off), 0 while it runs")
			.register(registry);
	}

	@Override
	public void run(ApplicationArguments args) {
		if (!this.settings.enabled() || this.settings.requests() == 0) {
			logger.info("Warm-up switched off (coupon.warm-up.enabled=false): ready cold");
			this.finished.set(1);
			return;
		}
		long start = System.nanoTime();
		logger.info("Warm-up: " + this.settings.requests() + " requests through " + this.requests.path() + ", "
				+ this.settings.concurrency() + " at a time, for at most " + this.settings.timeout().toSeconds()
				+ "s, to an upstream of its own");
		String result;
		try {
			Outcome done = warmUp();
			this.outcome = done;
			result = done.load().outcome();
			logger.info("Warm-up ended (" + result.replace('_', ' ') + ") after "
					+ done.load().took().toMillis() + " ms: " + done.load().started() + " requests, "
					+ done.load().answered() + " answered (" + done.load().serverErrors() + " with a 5xx), "
					+ done.load().failed() + " without an answer; ready");
		}
		catch (RuntimeException ex) {
			result = "failed";
			logger.warn("Warm-up failed: ready cold", ex);
		}
		Timer.builder("coupon.warmup.duration")
			.description("How long the gateway's warm-up took, by outcome")
			.tag("step", "all")
			.tag("outcome", result)
			.register(this.registry)
			.record(Duration.ofNanos(System.nanoTime() - start));
		this.finished.set(1);
	}

	private Outcome warmUp() {
		HttpHandler application = this.handler.getObject();
		ConnectionProvider connections = ConnectionProvider.builder("gateway-warm-up")
			.maxConnections(this.settings.concurrency())
			.build();
		try (WarmUpUpstream upstream = WarmUpUpstream.start()) {
			DisposableServer entry = HttpServer.create()
				.host("127.0.0.1")
				.port(0)
				.handle(new ReactorHttpHandlerAdapter(application))
				.bindNow();
			this.traffic.open(entry.port(), URI.create(upstream.uri()));
			try {
				HttpClient client = HttpClient.create(connections).baseUrl("http://127.0.0.1:" + entry.port());
				WarmUpLoad.Result load = new WarmUpLoad(this.settings.requests(), this.settings.concurrency(),
						this.settings.timeout())
					.run((n) -> client.headers((headers) -> this.requests.headers(n, headers))
						.post()
						.uri("/api/v1/coupons/" + (n % COUPONS + 1) + "/issue")
						.responseSingle((response, body) -> body.then(Mono.just(response.status().code()))));
				return new Outcome(load, upstream.answered());
			}
			finally {
				this.traffic.close();
				entry.disposeNow();
			}
		}
		finally {
			connections.dispose();
		}
	}

	/** What the warm-up did; null before it ended, when it was switched off, or when it failed. */
	@Nullable Outcome outcome() {
		return this.outcome;
	}

	boolean finished() {
		return this.finished.get() == 1;
	}

}
