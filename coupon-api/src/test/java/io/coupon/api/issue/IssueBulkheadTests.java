package io.coupon.api.issue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.coupon.api.support.ProblemException;
import io.coupon.api.support.ProblemType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class IssueBulkheadTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final IssueBulkhead bulkhead = new IssueBulkhead(2, Duration.ofSeconds(1), this.registry);

	@Test
	void shouldAnswer503WithoutRunningTheRequestPastItsLimitAndAdmitOnceOneEnds() throws Exception {
		CountDownLatch inside = new CountDownLatch(2);
		CountDownLatch release = new CountDownLatch(1);
		try (ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor()) {
			Future<String> first = requests.submit(() -> this.bulkhead.run(() -> hold(inside, release)));
			Future<String> second = requests.submit(() -> this.bulkhead.run(() -> hold(inside, release)));
			assertThat(inside.await(10, TimeUnit.SECONDS)).as("two requests in flight").isTrue();
			assertThat(this.registry.get("coupon.issue.in-flight").gauge().value()).isEqualTo(2);

			AtomicBoolean ran = new AtomicBoolean();
			assertThatExceptionOfType(ProblemException.class).isThrownBy(() -> this.bulkhead.run(() -> {
				ran.set(true);
				return "issued";
			})).satisfies((problem) -> {
				assertThat(problem.type()).isEqualTo(ProblemType.UNAVAILABLE);
				assertThat(problem.retryAfter()).isEqualTo(Duration.ofSeconds(1));
				assertThat(problem.getMessage()).contains("limit of 2 issue requests");
			});
			assertThat(ran).as("a shed request decides nothing").isFalse();
			assertThat(this.registry.get("coupon.issue.shed").counter().count()).isEqualTo(1);

			release.countDown();
			assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("issued");
			assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("issued");
		}
		assertThat(this.bulkhead.run(() -> "issued")).as("admitted again once the others ended").isEqualTo("issued");
		assertThat(this.registry.get("coupon.issue.in-flight").gauge().value()).isZero();
	}

	@Test
	void shouldGiveThePermitBackWhenTheRequestFails() {
		for (int i = 0; i < 3; i++) {
			assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> this.bulkhead.run(() -> {
				throw new IllegalStateException("Redis down");
			}));
		}
		assertThat(this.bulkhead.inFlight()).isZero();
		assertThat(this.registry.get("coupon.issue.shed").counter().count()).isZero();
	}

	private static String hold(CountDownLatch inside, CountDownLatch release) {
		inside.countDown();
		try {
			release.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return "issued";
	}

}
