package io.coupon.gateway.security;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class BearerTokenDecodersTests {

	private static final String SECRET = "a-secret-of-at-least-thirty-two-bytes!!";

	@Test
	void shouldRefuseToStartWithoutAKeySource() {
		assertThatIllegalStateException().isThrownBy(() -> BearerTokenDecoders.of(jwt(null, null, null)))
			.withMessageContaining("exactly one key source, found 0")
			.withMessageContaining("COUPON_JWT_SECRET");
	}

	@Test
	void shouldRefuseToStartWithTwoKeySources() {
		assertThatIllegalStateException()
			.isThrownBy(() -> BearerTokenDecoders.of(jwt(SECRET, "https://idp.example/jwks", null)))
			.withMessageContaining("found 2");
	}

	@Test
	void shouldRefuseASecretShorterThan32Bytes() {
		assertThatIllegalStateException().isThrownBy(() -> BearerTokenDecoders.of(jwt("too-short", null, null)))
			.withMessageContaining("at least 32 bytes, it has 9");
	}

	@Test
	void shouldTreatBlankSettingsAsAbsent() {
		assertThat(BearerTokenDecoders.of(jwt(SECRET, " ", ""))).isNotNull();
	}

	private static GatewaySecurityProperties.Jwt jwt(String secret, String jwkSetUri, String publicKeyLocation) {
		return new GatewaySecurityProperties.Jwt(secret, jwkSetUri, publicKeyLocation, null, Duration.ofSeconds(30));
	}

}
