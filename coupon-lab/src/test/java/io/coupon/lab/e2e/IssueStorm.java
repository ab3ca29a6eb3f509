package io.coupon.lab.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.coupon.lab.TokenMinter;
import io.coupon.lab.check.InvariantChecker;
import io.coupon.lab.check.Outcome;

/**
 * Many users pressing the issue button through the gateway at once: each user sends its requests together, a
 * bounded number are in flight, and every answer is recorded with the replica that gave it.
 */
final class IssueStorm {

	private static final Pattern PROBLEM_TYPE = Pattern.compile("\"type\"\\s*:\\s*\"([^\"]+)\"");

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String gatewayUrl;

	private final TokenMinter tokens;

	IssueStorm(String gatewayUrl, TokenMinter tokens) {
		this.gatewayUrl = gatewayUrl;
		this.tokens = tokens;
	}

	Result run(long couponId, long firstUserId, int users, int requestsPerUser, int maxInFlight) throws Exception {
		Semaphore inFlight = new Semaphore(maxInFlight);
		Map<String, Integer> byInstance = new ConcurrentHashMap<>();
		Map<String, Integer> byAnswer = new ConcurrentHashMap<>();
		List<Future<InvariantChecker.Request>> futures = new ArrayList<>();
		try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
			for (long user = firstUserId; user < firstUserId + users; user++) {
				for (int request = 0; request < requestsPerUser; request++) {
					long userId = user;
					inFlight.acquire();
					futures.add(executor.submit(() -> {
						try {
							return issue(couponId, userId, byInstance, byAnswer);
						}
						finally {
							inFlight.release();
						}
					}));
				}
			}
		}
		List<InvariantChecker.Request> requests = new ArrayList<>();
		for (Future<InvariantChecker.Request> future : futures) {
			requests.add(future.get());
		}
		return new Result(requests, Map.copyOf(byInstance), new java.util.TreeMap<>(byAnswer));
	}

	/** The user id each request claims in its own X-USER-ID header, which no replica may ever see. */
	static long forged(long userId) {
		return userId + FORGED_OFFSET;
	}

	/** Far from every storm's users (they start at 1,000,000 per strategy). */
	static final long FORGED_OFFSET = 500_000_000L;

	private InvariantChecker.Request issue(long couponId, long userId, Map<String, Integer> byInstance,
			Map<String, Integer> byAnswer) throws InterruptedException {
		HttpRequest request = HttpRequest
			.newBuilder(URI.create(this.gatewayUrl + "/api/v1/coupons/" + couponId + "/issue"))
			.header("Authorization", TokenMinter.bearer(this.tokens.user(userId)))
			// A forged identity on every request: the gateway must replace it with the token's subject, so no row
			// may ever name a forged user (IssuanceEndToEndTests checks the rows).
			.header("X-USER-ID", Long.toString(forged(userId)))
			.timeout(Duration.ofSeconds(30))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build();
		try {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			response.headers().firstValue("X-Instance-Id").ifPresent((id) -> byInstance.merge(id, 1, Integer::sum));
			Matcher matcher = PROBLEM_TYPE.matcher(response.body());
			String type = matcher.find() ? matcher.group(1) : null;
			byAnswer.merge(response.statusCode() + ((type != null) ? " " + type.substring(type.lastIndexOf('/') + 1) : ""),
					1, Integer::sum);
			return new InvariantChecker.Request(userId, Outcome.of(response.statusCode(), type));
		}
		catch (HttpTimeoutException ex) {
			byAnswer.merge("client timeout", 1, Integer::sum);
			return new InvariantChecker.Request(userId, Outcome.TIMED_OUT);
		}
		catch (IOException ex) {
			byAnswer.merge("I/O error " + ex.getClass().getSimpleName(), 1, Integer::sum);
			return new InvariantChecker.Request(userId, Outcome.TIMED_OUT);
		}
	}

	/**
	 * @param answersByKind e.g. {@code "201"}, {@code "409 sold-out"}, {@code "503 unavailable"}, {@code "client timeout"}
	 */
	record Result(List<InvariantChecker.Request> requests, Map<String, Integer> requestsByInstance,
			Map<String, Integer> answersByKind) {

		long count(Outcome outcome) {
			return this.requests.stream().filter((request) -> request.outcome() == outcome).count();
		}

	}

}
