package io.coupon.lab;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CommandFlagsTests {

	@Test
	void shouldReadBothSpellingsInOrder() {
		List<CommandFlags.Flag> flags = CommandFlags.parse(List.of("--rate", "100", "--fault-at=5s", "--rate", "50"));

		assertThat(flags).extracting(CommandFlags.Flag::name).containsExactly("--rate", "--fault-at", "--rate");
		assertThat(flags).extracting(CommandFlags.Flag::value).containsExactly("100", "5s", "50");
		assertThat(flags.get(1).arg()).isEqualTo("--fault-at=5s");
	}

	@Test
	void shouldNameAFlagLeftWithoutValue() {
		assertThatIllegalArgumentException().isThrownBy(() -> CommandFlags.parse(List.of("--rate", "1", "--timeout")))
			.withMessage("Missing value for --timeout");
	}

}
