package io.coupon.api.warmup;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import io.coupon.api.support.CouponProperties;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Warms the web path with requests to this replica's own port: Tomcat, the filters, the controllers, the id parsing,
 * the catalog's database read and the problem details' JSON. Every request names a coupon that cannot exist (the
 * largest id), so each ends in a 404 or a 400 and changes nothing; none reaches an issuance strategy. The success
 * path's JSON is warmed by {@code IssuePathWarmUp}.
 */
@Component
@Order(2)
class HttpPathWarmUp implements WarmUpStep {

	/** No coupon has this id: MySQL's auto-increment would need 2^63 - 1 coupons first. */
	static final String MISSING_COUPON = Long.toString(Long.MAX_VALUE);

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

	private final ApplicationContext context;

	private final CouponProperties.WarmUp settings;

	HttpPathWarmUp(ApplicationContext context, CouponProperties properties) {
		this.context = context;
		this.settings = properties.warmUp();
	}

	@Override
	public String name() {
		return "http-path";
	}

	@Override
	public String run(Instant deadline) {
		if (!(this.context instanceof WebServerApplicationContext web) || web.getWebServer() == null) {
			return "no web server, nothing to warm";
		}
		String base = "http://127.0.0.1:" + web.getWebServer().getPort();
		List<HttpRequest> requests = requests(base);
		AtomicInteger next = new AtomicInteger();
		AtomicInteger answered = new AtomicInteger();
		AtomicInteger serverErrors = new AtomicInteger();
		try (HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
				ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int i = 0; i < this.settings.concurrency(); i++) {
				workers.submit(() -> {
					int n;
					while ((n = next.getAndIncrement()) < this.settings.requests() && Instant.now().isBefore(deadline)) {
						int status = send(http, requests.get(n % requests.size()));
						answered.incrementAndGet();
						if (status >= 500) {
							serverErrors.incrementAndGet();
						}
					}
				});
			}
		}
		// A few slow answers on a loaded machine are no reason to call the path broken; a tenth is.
		if (serverErrors.get() * 10 > answered.get()) {
			throw new WarmUpFailedException(serverErrors.get() + " of " + answered.get()
					+ " warm-up requests were answered with a 5xx or not at all", null);
		}
		return answered.get() + " requests" + ((serverErrors.get() > 0)
				? ", " + serverErrors.get() + " of them answered with a 5xx or not at all" : "");
	}

	private static List<HttpRequest> requests(String base) {
		String coupon = base + "/api/v1/coupons/" + MISSING_COUPON;
		return List.of(
				HttpRequest.newBuilder(URI.create(coupon + "/issue"))
					.timeout(REQUEST_TIMEOUT)
					.header("X-USER-ID", "1")
					.POST(HttpRequest.BodyPublishers.noBody())
					.build(),
				HttpRequest.newBuilder(URI.create(coupon + "/issues/1")).timeout(REQUEST_TIMEOUT).GET().build(),
				HttpRequest.newBuilder(URI.create(coupon)).timeout(REQUEST_TIMEOUT).GET().build(),
				// No user header: the 400 problem detail.
				HttpRequest.newBuilder(URI.create(coupon + "/issue"))
					.timeout(REQUEST_TIMEOUT)
					.POST(HttpRequest.BodyPublishers.noBody())
					.build());
	}

	/** The status, or 599 when the request got no answer. */
	private static int send(HttpClient http, HttpRequest request) {
		try {
			return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
		}
		catch (IOException ex) {
			return 599;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return 599;
		}
	}

}
