package io.coupon.api.ledger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.coupon.api.support.ProblemType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * coupon-api's half of the door's contract with the gateway: the layout line both services copy is the one
 * docs/decisions.md states, and the keys and fields this service writes are the ones that line names. The gateway's
 * {@code DoorContractTests} checks its own copy against the same line.
 */
class DoorContractTests {

	private static final Path DECISIONS = Path.of("..", "docs", "decisions.md");

	@Test
	void shouldStateTheDocumentedLayout() throws IOException {
		String decisions = Files.readString(DECISIONS, StandardCharsets.UTF_8);

		assertThat(decisions).as("docs/decisions.md holds the door's layout line, as coupon-api writes it")
			.contains("`" + IssueKeys.DOOR_CONTRACT + "`");
		assertThat(decisions).as("docs/decisions.md holds the users set's line, as coupon-api writes it")
			.contains("`" + IssueKeys.USERS_CONTRACT + "`");
	}

	@Test
	void shouldAnswerWhatTheDocumentedDoorAnswers() throws IOException {
		String decisions = Files.readString(DECISIONS, StandardCharsets.UTF_8);

		assertThat(decisions).as("the gateway's door answers exactly as coupon-api does")
			.contains("`" + answer(ProblemType.SOLD_OUT) + " | " + answer(ProblemType.NOT_OPEN) + "`");
	}

	private static String answer(ProblemType type) {
		return type.status().value() + " " + type.uri() + " \"" + type.title() + "\"";
	}

	@Test
	void shouldWriteTheKeyAndFieldsTheLayoutNames() {
		String key = IssueKeys.DOOR_CONTRACT.substring(0, IssueKeys.DOOR_CONTRACT.indexOf(' '));

		assertThat(new IssueKeys(42).door()).isEqualTo(key.replace("<id>", "42"));
		assertThat(IssueKeys.DOOR_CONTRACT).contains(" HASH ", " " + IssueKeys.DOOR_SOLD_OUT + "=1",
				" " + IssueKeys.DOOR_OPENS_AT + "=<epoch ms>", " " + IssueKeys.DOOR_CLOSES_AT + "=<epoch ms>");
	}

	@Test
	void shouldKeepItsHoldersWhereTheLayoutSays() {
		String key = IssueKeys.USERS_CONTRACT.substring(0, IssueKeys.USERS_CONTRACT.indexOf(' '));

		assertThat(new IssueKeys(42).users()).isEqualTo(key.replace("<id>", "42"));
		assertThat(IssueKeys.USERS_CONTRACT).endsWith(" SET <user id>");
	}

}
