package io.coupon.gateway.warmup;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Sends at most {@code requests} requests, at most {@code concurrency} at a time, for at most {@code timeout}, and
 * counts how they were answered. A request that fails or gets no answer counts as failed; nothing waits past the
 * timeout (requests still in flight then are cancelled).
 */
final class WarmUpLoad {

	private final int requests;

	private final int concurrency;

	private final Duration timeout;

	WarmUpLoad(int requests, int concurrency, Duration timeout) {
		this.requests = requests;
		this.concurrency = concurrency;
		this.timeout = timeout;
	}

	/**
	 * Runs the load and blocks until it ended.
	 * @param send the {@code n}th request: emits the answer's HTTP status
	 */
	Result run(IntFunction<Mono<Integer>> send) {
		AtomicInteger started = new AtomicInteger();
		AtomicInteger answered = new AtomicInteger();
		AtomicInteger serverErrors = new AtomicInteger();
		AtomicInteger failed = new AtomicInteger();
		long begin = System.nanoTime();
		Boolean completed = Flux.range(0, this.requests)
			.flatMap((n) -> {
				started.incrementAndGet();
				return send.apply(n).doOnNext((status) -> {
					answered.incrementAndGet();
					if (status >= 500) {
						serverErrors.incrementAndGet();
					}
				}).onErrorResume((ex) -> {
					failed.incrementAndGet();
					return Mono.empty();
				});
			}, this.concurrency)
			.then(Mono.just(true))
			.timeout(this.timeout, Mono.just(false))
			.block();
		return new Result(Boolean.TRUE.equals(completed), started.get(), answered.get(), serverErrors.get(),
				failed.get(), Duration.ofNanos(System.nanoTime() - begin));
	}

	/**
	 * @param completed every request was sent and ended before the timeout
	 * @param started requests sent
	 * @param answered requests that got an HTTP answer
	 * @param serverErrors answers with a 5xx status
	 * @param failed requests that failed without an answer (cancelled ones at the timeout are in neither)
	 * @param took how long the load ran
	 */
	record Result(boolean completed, int started, int answered, int serverErrors, int failed, Duration took) {

		String outcome() {
			return this.completed ? "completed" : "timed_out";
		}

	}

}
