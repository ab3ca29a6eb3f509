package io.coupon.ngrinder;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DataLogTests {

	@Test
	void shouldReadTheThreadRunTestErrorsAndHttpStatusOfEachCall() {
		String log = """
				Thread, Run, Test, Start time (ms since Epoch), Test time, Errors, HTTP response code, HTTP response length, HTTP response errors, Time to resolve host, Time to establish connection, Time to first byte
				8, 0, 1, 1796141067093, 255, 0, 201, 20, 0, 0, 117, 117
				8, 0, 2, 1796141067349, 0, 0, 0, 0, 0, 0, 0, 0
				3, 17, 1, 1796141067077, 273, 1, 503, 20, 1, 0, 162, 162

				""";

		assertThat(DataLog.parse(log)).containsExactly(new DataLog.Call(8, 0, 1, 0, 201), new DataLog.Call(8, 0, 2, 0, 0),
				new DataLog.Call(3, 17, 1, 1, 503));
	}

	@Test
	void shouldRefuseWhatIsNotADataLog() {
		assertThatIllegalArgumentException().isThrownBy(() -> DataLog.parse("2026-12-01 INFO  starting\n"));
	}

}
