package io.coupon.lab;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ProcessTreeTests {

	@Test
	void shouldStopAProcessAndItsDescendants() throws Exception {
		Process parent = new ProcessBuilder("bash", "-c", "sleep 300 & sleep 300 & wait").start();
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> parent.descendants().count() == 2);
			List<ProcessHandle> children = parent.descendants().toList();

			boolean graceful = ProcessTree.terminate(List.of(parent.toHandle()), Duration.ofSeconds(10));

			assertThat(graceful).isTrue();
			assertThat(parent.waitFor(5, TimeUnit.SECONDS)).isTrue();
			assertThat(children).isNotEmpty().noneMatch(ProcessHandle::isAlive);
		}
		finally {
			parent.descendants().forEach(ProcessHandle::destroyForcibly);
			parent.destroyForcibly();
		}
	}

	@Test
	void shouldKillWhatIgnoresSigterm() throws Exception {
		Process stubborn = new ProcessBuilder("bash", "-c", "trap '' TERM; echo armed; sleep 300 & wait")
			.redirectErrorStream(true)
			.start();
		try {
			assertThat(new String(stubborn.getInputStream().readNBytes(6))).isEqualTo("armed\n");

			boolean graceful = ProcessTree.terminate(List.of(stubborn.toHandle()), Duration.ofMillis(500));

			assertThat(graceful).isFalse();
			assertThat(stubborn.waitFor(5, TimeUnit.SECONDS)).isTrue();
		}
		finally {
			stubborn.descendants().forEach(ProcessHandle::destroyForcibly);
			stubborn.destroyForcibly();
		}
	}

	@Test
	void shouldNotMistakeARecycledPidForTheRecordedProcess() {
		ProcessHandle self = ProcessHandle.current();
		Instant started = ProcessTree.startOf(self);

		assertThat(ProcessTree.find(self.pid(), started)).contains(self);
		assertThat(ProcessTree.find(self.pid(), started.minus(Duration.ofHours(1)))).isEmpty();
		assertThat(ProcessTree.find(null, started)).isEmpty();
	}

}
