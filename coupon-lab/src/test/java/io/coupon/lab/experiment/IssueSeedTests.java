package io.coupon.lab.experiment;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IssueSeedTests {

	@Test
	void shouldShareTheUsersSoThatEachIsSentExactlyOnce() {
		for (long[] usersAndVusers : new long[][] { { 10_000, 64 }, { 101, 16 }, { 5, 5 }, { 1, 1 }, { 7, 3 } }) {
			long users = usersAndVusers[0];
			long vusers = usersAndVusers[1];
			List<Long> sent = new ArrayList<>();
			for (long index = 0; index < vusers; index++) {
				long[] share = IssueSeed.share(index, users, vusers);
				assertThat(share[1] - share[0]).as("sizes differ by at most one")
					.isBetween(users / vusers, users / vusers + 1);
				for (long user = share[0]; user < share[1]; user++) {
					sent.add(user);
				}
			}
			assertThat(sent).as("%d users by %d virtual users", users, vusers)
				.hasSize((int) users)
				.doesNotHaveDuplicates()
				.allMatch((user) -> user >= 1 && user <= users);
		}
	}

}
