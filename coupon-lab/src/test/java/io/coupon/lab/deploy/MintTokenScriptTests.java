package io.coupon.lab.deploy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.coupon.lab.TokenMinter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** docker/mint-token.sh mints, byte for byte, the token the lab's TokenMinter does (which the gateway tests accept). */
class MintTokenScriptTests {

	private static final String SECRET = "a-secret-for-the-script-test-0123456789";

	@Test
	void shouldMintTheLabsTokenForAUser() throws Exception {
		String token = mint(List.of("42"));
		String claims = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
		long expiresAt = Long.parseLong(claims.replaceAll(".*\"exp\":(\\d+).*", "$1"));

		assertThat(claims).startsWith("{\"sub\":\"42\",\"exp\":");
		assertThat(expiresAt).isBetween(Instant.now().getEpochSecond() + 50, Instant.now().getEpochSecond() + 70);
		assertThat(token).isEqualTo(new TokenMinter(SECRET).token("42", Instant.ofEpochSecond(expiresAt)));
	}

	@Test
	void shouldAddTheScopeWhenAsked() throws Exception {
		String claims = new String(Base64.getUrlDecoder().decode(mint(List.of("ops", "coupon:admin")).split("\\.")[1]),
				StandardCharsets.UTF_8);

		assertThat(claims).startsWith("{\"sub\":\"ops\",\"scope\":\"coupon:admin\",\"exp\":");
	}

	private static String mint(List<String> arguments) throws Exception {
		List<String> command = new ArrayList<>(List.of("bash", RepositoryFiles.docker().resolve("mint-token.sh").toString()));
		command.addAll(arguments);
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().put("COUPON_JWT_SECRET", SECRET);
		builder.environment().put("TOKEN_TTL", "60");
		Process process = builder.start();
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
		assertThat(process.exitValue()).as(output).isZero();
		return output;
	}

}
