package io.coupon.api.issue;

import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IssuePublisherTests {

	@Test
	void shouldTreatRejectionsWithoutWriteAsDefinite() {
		assertThat(IssuePublisher.rejectedWithoutWrite(new SerializationException("x"))).isTrue();
		assertThat(IssuePublisher.rejectedWithoutWrite(new RecordTooLargeException("x"))).isTrue();
		assertThat(IssuePublisher.rejectedWithoutWrite(new TopicAuthorizationException("x"))).isTrue();
	}

	@Test
	void shouldTreatTimeoutsAndNetworkErrorsAsIndeterminate() {
		// These can follow a write the client never heard about: giving the slot back could over-issue.
		assertThat(IssuePublisher.rejectedWithoutWrite(new TimeoutException("x"))).isFalse();
		assertThat(IssuePublisher.rejectedWithoutWrite(new NetworkException("x"))).isFalse();
		assertThat(IssuePublisher.rejectedWithoutWrite(new NotEnoughReplicasException("x"))).isFalse();
		assertThat(IssuePublisher.rejectedWithoutWrite(new IllegalStateException("x"))).isFalse();
	}

}
