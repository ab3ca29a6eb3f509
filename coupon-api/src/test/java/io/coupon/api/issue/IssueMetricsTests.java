package io.coupon.api.issue;

import java.util.Arrays;
import java.util.Locale;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.mockito.Mockito.mock;

class IssueMetricsTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final IssueMetrics metrics = new IssueMetrics(this.registry, new LuaIssueStrategy(mock()));

	@Test
	void shouldRegisterEveryOutcomeAtZeroBeforeTheFirstRequest() {
		assertThat(this.registry.get("coupon.issue.outcomes").counters()).hasSize(IssueMetrics.Outcome.values().length)
			.allSatisfy((counter) -> {
				assertThat(counter.getId().getTag("strategy")).isEqualTo("lua");
				assertThat(counter.count()).isZero();
			});
		assertThat(this.registry.get("coupon.issue.outcomes").counters())
			.extracting((counter) -> counter.getId().getTag("outcome"))
			.containsExactlyInAnyOrder("granted", "republished", "already_issued", "sold_out", "not_loaded",
					"withdrawn", "indeterminate", "unavailable");
		assertThat(this.registry.get("coupon.rebuild.runs").counters())
			.extracting((counter) -> counter.getId().getTag("outcome"))
			.containsExactlyInAnyOrderElementsOf(Arrays.stream(IssueStateRebuilder.Outcome.values())
				.map((outcome) -> outcome.name().toLowerCase(Locale.ROOT))
				.toList());
	}

	@Test
	void shouldTagConfirmedAndFireAndForgetPublishesAsAccepted() {
		this.metrics.timePublish(() -> IssuePublisher.PublishResult.CONFIRMED);
		this.metrics.timePublish(() -> IssuePublisher.PublishResult.UNCONFIRMED);
		this.metrics.timePublish(() -> IssuePublisher.PublishResult.definitelyFailed(new IllegalStateException()));
		this.metrics.timePublish(() -> IssuePublisher.PublishResult.indeterminate(new IllegalStateException()));

		assertThat(publishes("accepted").count()).isEqualTo(2);
		assertThat(publishes("definitely_failed").count()).isOne();
		assertThat(publishes("indeterminate").count()).isOne();
	}

	@Test
	void shouldTimeADecisionThatFailed() {
		assertThatIllegalStateException().isThrownBy(() -> this.metrics.timeDecision(() -> {
			throw new IllegalStateException("Redis timed out");
		}));

		assertThat(this.registry.get("coupon.issue.decision").tag("strategy", "lua").timer().count()).isOne();
	}

	private Timer publishes(String result) {
		return this.registry.get("coupon.issue.publish").tag("result", result).timer();
	}

}
