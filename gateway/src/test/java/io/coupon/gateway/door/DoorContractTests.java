package io.coupon.gateway.door;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's half of the door's contract with coupon-api: the layout line both services copy is the one
 * docs/decisions.md states, and the key and fields the door reads are the ones that line names. coupon-api's
 * {@code DoorContractTests} checks its own copy against the same line.
 */
class DoorContractTests {

	private static final Path DECISIONS = Path.of("..", "docs", "decisions.md");

	@Test
	void shouldStateTheDocumentedLayout() throws IOException {
		String decisions = Files.readString(DECISIONS, StandardCharsets.UTF_8);

		assertThat(decisions).as("docs/decisions.md holds the door's layout line, as the gateway reads it")
			.contains("`" + DoorKeys.CONTRACT + "`");
		assertThat(decisions).as("docs/decisions.md holds the users set's line, as the gateway reads it")
			.contains("`" + DoorKeys.USERS_CONTRACT + "`");
	}

	@Test
	void shouldAnswerWhatTheDocumentedDoorAnswers() throws IOException {
		String decisions = Files.readString(DECISIONS, StandardCharsets.UTF_8);

		assertThat(decisions).as("the door answers exactly as coupon-api does")
			.contains("`409 " + DoorFilter.SOLD_OUT_TYPE + " \"" + DoorFilter.SOLD_OUT_TITLE + "\" | 409 "
					+ DoorFilter.NOT_OPEN_TYPE + " \"" + DoorFilter.NOT_OPEN_TITLE + "\"`");
	}

	@Test
	void shouldReadTheKeyAndFieldsTheLayoutNames() {
		String key = DoorKeys.CONTRACT.substring(0, DoorKeys.CONTRACT.indexOf(' '));

		assertThat(DoorKeys.key(42)).isEqualTo(key.replace("<id>", "42"));
		assertThat(DoorKeys.CONTRACT).contains(" HASH ", " " + DoorKeys.SOLD_OUT + "=1",
				" " + DoorKeys.OPENS_AT + "=<epoch ms>", " " + DoorKeys.CLOSES_AT + "=<epoch ms>");
	}

	@Test
	void shouldAskTheHoldersWhereTheLayoutSays() {
		String key = DoorKeys.USERS_CONTRACT.substring(0, DoorKeys.USERS_CONTRACT.indexOf(' '));

		assertThat(DoorKeys.usersKey(42)).isEqualTo(key.replace("<id>", "42"));
		assertThat(DoorKeys.USERS_CONTRACT).endsWith(" SET <user id>");
	}

}
