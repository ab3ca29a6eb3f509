package io.coupon.infra;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class InfraMainTests {

	@Test
	void shouldParseAllOptions() {
		InfraMain.Options options = InfraMain.Options
			.parse(new String[] { "kafka", "--port", "19092", "--controller-port", "19093", "--dir", "/tmp/k" });

		assertThat(options).isEqualTo(new InfraMain.Options("kafka", 19092, 19093, Path.of("/tmp/k"), "coupon"));
	}

	@Test
	void shouldDefaultTheControllerPortAndDatabase() {
		InfraMain.Options options = InfraMain.Options
			.parse(new String[] { "MariaDB", "--dir", "/tmp/m", "--port", "13306", "--database", "lab" });

		assertThat(options.kind()).isEqualTo("mariadb");
		assertThat(options.controllerPort()).isEqualTo(13307);
		assertThat(options.database()).isEqualTo("lab");
	}

	@Test
	void shouldRejectBadArguments() {
		assertThatIllegalArgumentException().isThrownBy(() -> InfraMain.Options.parse(new String[0]))
			.withMessageContaining("missing server kind");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> InfraMain.Options.parse(new String[] { "postgres", "--port", "1", "--dir", "x" }))
			.withMessageContaining("unknown server kind");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> InfraMain.Options.parse(new String[] { "redis", "--dir", "x" }))
			.withMessageContaining("missing --port");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> InfraMain.Options.parse(new String[] { "redis", "--port", "70000", "--dir", "x" }))
			.withMessageContaining("out of range");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> InfraMain.Options.parse(new String[] { "redis", "--port" }))
			.withMessageContaining("missing value for --port");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> InfraMain.Options.parse(new String[] { "redis", "--port", "1", "--dir", "x", "--x", "y" }))
			.withMessageContaining("unknown option: --x");
	}

}
