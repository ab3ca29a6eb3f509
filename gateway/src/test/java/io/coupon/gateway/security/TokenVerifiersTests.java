package io.coupon.gateway.security;

import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class TokenVerifiersTests {

	private static final String SECRET = "a-secret-of-at-least-thirty-two-bytes!!";

	@Test
	void shouldRefuseToStartWithoutAKeySource() {
		assertThatIllegalStateException().isThrownBy(() -> verifier(jwt(null, null, null)))
			.withMessageContaining("exactly one key source, found 0")
			.withMessageContaining("COUPON_JWT_SECRET");
	}

	@Test
	void shouldRefuseToStartWithTwoKeySources() {
		assertThatIllegalStateException()
			.isThrownBy(() -> verifier(jwt(SECRET, "https://idp.example/jwks", null)))
			.withMessageContaining("found 2");
	}

	@Test
	void shouldRefuseASecretShorterThan32Bytes() {
		assertThatIllegalStateException().isThrownBy(() -> verifier(jwt("too-short", null, null)))
			.withMessageContaining("at least 32 bytes, it has 9");
	}

	@Test
	void shouldTreatBlankSettingsAsAbsent() {
		assertThat(verifier(jwt(SECRET, " ", ""))).isNotNull();
	}

	private static TokenVerifier verifier(GatewaySecurityProperties.Jwt jwt) {
		return TokenVerifiers.of(jwt, "coupon:admin", Clock.systemUTC());
	}

	private static GatewaySecurityProperties.Jwt jwt(String secret, String jwkSetUri, String publicKeyLocation) {
		return new GatewaySecurityProperties.Jwt(secret, jwkSetUri, publicKeyLocation, null, null,
				Duration.ofSeconds(30), new GatewaySecurityProperties.JwkSet(Duration.ofMinutes(5),
						Duration.ofSeconds(30), Duration.ofSeconds(5)));
	}

}
