package io.coupon.gateway.warmup;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

class WarmUpLoadTests {

	@Test
	void shouldSendExactlyTheRequestsItIsGiven() {
		AtomicInteger sent = new AtomicInteger();
		WarmUpLoad.Result result = new WarmUpLoad(250, 8, Duration.ofSeconds(30)).run((n) -> {
			sent.incrementAndGet();
			return Mono.just(201);
		});
		assertThat(result.completed()).isTrue();
		assertThat(result.outcome()).isEqualTo("completed");
		assertThat(sent).hasValue(250);
		assertThat(result.started()).isEqualTo(250);
		assertThat(result.answered()).isEqualTo(250);
		assertThat(result.serverErrors()).isZero();
		assertThat(result.failed()).isZero();
	}

	@Test
	void shouldNeverHaveMoreThanItsConcurrencyInFlight() {
		AtomicInteger inFlight = new AtomicInteger();
		AtomicInteger most = new AtomicInteger();
		WarmUpLoad.Result result = new WarmUpLoad(200, 4, Duration.ofSeconds(30)).run((n) -> Mono.defer(() -> {
			most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
			return Mono.just(201).delayElement(Duration.ofMillis(1));
		}).doOnTerminate(inFlight::decrementAndGet));
		assertThat(result.completed()).isTrue();
		assertThat(most.get()).isBetween(1, 4);
	}

	@Test
	@Timeout(30)
	void shouldEndAtItsTimeoutWhenNoRequestIsAnswered() {
		WarmUpLoad.Result result = new WarmUpLoad(1_000, 4, Duration.ofMillis(300)).run((n) -> Mono.never());
		assertThat(result.completed()).isFalse();
		assertThat(result.outcome()).isEqualTo("timed_out");
		assertThat(result.started()).as("only what the concurrency allows was sent").isEqualTo(4);
		assertThat(result.answered()).isZero();
		assertThat(result.took()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
	}

	@Test
	void shouldCountFailuresAndServerErrorsWithoutStopping() {
		WarmUpLoad.Result result = new WarmUpLoad(30, 2, Duration.ofSeconds(30)).run((n) -> switch (n % 3) {
			case 0 -> Mono.error(new IllegalStateException("connection refused"));
			case 1 -> Mono.just(502);
			default -> Mono.just(201);
		});
		assertThat(result.completed()).isTrue();
		assertThat(result.started()).isEqualTo(30);
		assertThat(result.failed()).isEqualTo(10);
		assertThat(result.answered()).isEqualTo(20);
		assertThat(result.serverErrors()).isEqualTo(10);
	}

}
