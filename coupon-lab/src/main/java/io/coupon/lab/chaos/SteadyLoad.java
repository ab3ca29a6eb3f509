package io.coupon.lab.chaos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

import io.coupon.lab.TokenMinter;
import io.coupon.lab.check.ProblemTypes;

/**
 * A paced issue load for fault runs: request {@code i} is due {@code i / rate} seconds after the start, each for a
 * new user, sent by a bounded number of virtual threads. A fixed rate, unlike a closed model, keeps asking while the
 * suite is failing, which is what measures an error window; the bound on concurrency keeps a stalled suite from
 * drowning in requests (when all are waiting, the load falls behind its schedule, and nothing is sent after the end).
 * Every answer is kept: the checker needs each user's outcome.
 */
final class SteadyLoad {

	/** {@link Answer#status()} of a request that got no answer within the client's timeout. */
	static final int TIMED_OUT = -1;

	/** {@link Answer#status()} of a request whose connection failed or broke. */
	static final int CONNECTION_FAILED = 0;

	private final HttpClient http;

	// Each new user gets its own token, as each real user would have.
	private final TokenMinter tokens;

	private final String issueUrl;

	private final int rate;

	private final int concurrency;

	private final Duration requestTimeout;

	private final AtomicLong nextRequest = new AtomicLong();

	private final AtomicLong nextUser;

	private final Queue<Answer> answers = new ConcurrentLinkedQueue<>();

	private final AtomicLong answered = new AtomicLong();

	private final AtomicLong errors = new AtomicLong();

	private volatile long startNanos;

	private final AtomicLong endNanos = new AtomicLong(Long.MAX_VALUE);

	private volatile long plannedEndNanos;

	/**
	 * @param baseUrl the gateway's base URL
	 * @param firstUser the first user id; each request takes the next one
	 */
	SteadyLoad(String baseUrl, TokenMinter tokens, long couponId, int rate, int concurrency, Duration requestTimeout,
			long firstUser) {
		this.tokens = tokens;
		// HTTP/1.1 explicitly: the client would otherwise offer an h2c upgrade on every new connection.
		this.http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(2))
			.build();
		this.issueUrl = baseUrl + "/api/v1/coupons/" + couponId + "/issue";
		this.rate = rate;
		this.concurrency = concurrency;
		this.requestTimeout = requestTimeout;
		this.nextUser = new AtomicLong(firstUser);
	}

	/**
	 * Sends the load for {@code duration} and returns every answer once the last request has been answered or has
	 * timed out. {@code onStart} runs when the clock starts, with its {@link System#nanoTime()}.
	 */
	List<Answer> run(Duration duration, LongConsumer onStart) {
		long intervalNanos = TimeUnit.SECONDS.toNanos(1) / this.rate;
		this.startNanos = System.nanoTime();
		this.plannedEndNanos = this.startNanos + duration.toNanos();
		this.endNanos.set(this.plannedEndNanos);
		onStart.accept(this.startNanos);
		try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int i = 0; i < this.concurrency; i++) {
				workers.submit(() -> {
					while (true) {
						long due = this.startNanos + this.nextRequest.getAndIncrement() * intervalNanos;
						// Past the end by the clock too: a suite slower than the rate leaves requests unsent rather
						// than stretching the run.
						long end = this.endNanos.get();
						if (due >= end || System.nanoTime() >= end) {
							return;
						}
						long wait = due - System.nanoTime();
						if (wait > 0) {
							LockSupport.parkNanos(wait);
						}
						Answer answer = send(this.nextUser.getAndIncrement());
						this.answers.add(answer);
						this.answered.incrementAndGet();
						if (answer.isError()) {
							this.errors.incrementAndGet();
						}
					}
				});
			}
		}
		List<Answer> all = new ArrayList<>(this.answers);
		all.sort((a, b) -> Long.compare(a.sentNanos(), b.sentNanos()));
		return all;
	}

	/** Keeps the load going past its planned end until {@link #finishNoEarlierThan(long)} says when to stop. */
	void holdOpen() {
		this.endNanos.set(Long.MAX_VALUE);
	}

	/**
	 * Ends the load at its planned end or at {@code nanos} ({@link System#nanoTime()}), whichever is later: a
	 * component that took long to come back must still be seen serving.
	 */
	void finishNoEarlierThan(long nanos) {
		this.endNanos.set(Math.max(nanos, this.plannedEndNanos));
	}

	/** Answers recorded so far, for progress lines. */
	long answered() {
		return this.answered.get();
	}

	long errors() {
		return this.errors.get();
	}

	long startNanos() {
		return this.startNanos;
	}

	private Answer send(long userId) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.issueUrl))
			.timeout(this.requestTimeout)
			.header("Authorization", TokenMinter.bearer(this.tokens.user(userId)))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build();
		long sent = System.nanoTime();
		try {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			return new Answer(sent, System.nanoTime(), userId, response.statusCode(),
					ProblemTypes.of(response.body()), response.headers().firstValue("Retry-After").isPresent());
		}
		catch (HttpTimeoutException ex) {
			return new Answer(sent, System.nanoTime(), userId, TIMED_OUT, null, false);
		}
		catch (IOException ex) {
			return new Answer(sent, System.nanoTime(), userId, CONNECTION_FAILED, null, false);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Answer(sent, System.nanoTime(), userId, CONNECTION_FAILED, null, false);
		}
	}

	/**
	 * One request as the client saw it.
	 * @param status the HTTP status, {@link #TIMED_OUT} or {@link #CONNECTION_FAILED}
	 * @param problemType the problem detail's {@code type}, if the body was one
	 * @param retryAfter whether the answer carried a Retry-After header
	 */
	record Answer(long sentNanos, long answeredNanos, long userId, int status, String problemType,
			boolean retryAfter) {

		boolean isError() {
			return this.status < 200 || this.status >= 500;
		}

		/** An error the client can act on: a 503 that says when to retry. */
		boolean isExplicitUnavailable() {
			return this.status == 503 && this.retryAfter;
		}

	}

}
