package io.coupon.api.issue;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class IssueDecisionTests {

	@Test
	void shouldMapEveryScriptCode() {
		assertThat(IssueDecision.fromScriptResult(7)).isEqualTo(IssueDecision.granted(7));
		assertThat(IssueDecision.fromScriptResult(-1)).isEqualTo(IssueDecision.ALREADY_ISSUED);
		assertThat(IssueDecision.fromScriptResult(-2)).isEqualTo(IssueDecision.SOLD_OUT);
		assertThat(IssueDecision.fromScriptResult(-3)).isEqualTo(IssueDecision.NOT_LOADED);
		assertThat(IssueDecision.fromScriptResult(-4)).isEqualTo(IssueDecision.REPUBLISH);
	}

	@Test
	void shouldRefuseAnUnknownCodeRatherThanGuess() {
		assertThatIllegalStateException().isThrownBy(() -> IssueDecision.fromScriptResult(0));
		assertThatIllegalStateException().isThrownBy(() -> IssueDecision.fromScriptResult(-5));
	}

}
