package io.coupon.lab;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TokenMinterTests {

	private static final String SECRET = "a-lab-secret-that-is-long-enough-for-hs256";

	private final TokenMinter tokens = new TokenMinter(SECRET);

	@Test
	void shouldMintAUserTokenNamingTheUserAndExpiringLater() {
		String[] parts = this.tokens.user(42).split("\\.");

		assertThat(parts).hasSize(3);
		assertThat(decode(parts[0])).isEqualTo("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
		assertThat(decode(parts[1])).startsWith("{\"sub\":\"42\",\"exp\":");
		long exp = Long.parseLong(decode(parts[1]).replaceAll(".*\"exp\":(\\d+).*", "$1"));
		assertThat(exp).isGreaterThan(Instant.now().plus(TokenMinter.LIFETIME).getEpochSecond() - 60);
	}

	@Test
	void shouldGiveTheAdminTheAdminScope() {
		String payload = decode(this.tokens.admin().split("\\.")[1]);

		assertThat(payload).contains("\"scope\":\"coupon:admin\"", "\"sub\":\"lab-admin\"");
	}

	@Test
	void shouldSignWithHmacSha256OverHeaderAndPayload() throws Exception {
		String token = this.tokens.token("7", Instant.ofEpochSecond(2_000_000_000L));
		int lastDot = token.lastIndexOf('.');
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		String expected = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(mac.doFinal(token.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII)));

		assertThat(token.substring(lastDot + 1)).isEqualTo(expected);
		assertThat(decode(token.split("\\.")[1])).isEqualTo("{\"sub\":\"7\",\"exp\":2000000000}");
		assertThat(new TokenMinter("another-secret-another-secret-another").token("7",
				Instant.ofEpochSecond(2_000_000_000L))).isNotEqualTo(token);
	}

	@Test
	void shouldFormatTheAuthorizationHeader() {
		assertThat(TokenMinter.bearer("abc")).isEqualTo("Bearer abc");
	}

	private static String decode(String part) {
		return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
	}

}
