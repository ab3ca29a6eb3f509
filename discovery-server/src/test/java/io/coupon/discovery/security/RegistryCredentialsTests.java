package io.coupon.discovery.security;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RegistryCredentialsTests {

	@Test
	void shouldRefuseAMissingPassword() {
		assertThatIllegalArgumentException().isThrownBy(() -> new RegistryCredentials("eureka", ""))
			.withMessageContaining("(EUREKA_PASSWORD) must be set");
		assertThatIllegalArgumentException().isThrownBy(() -> new RegistryCredentials("eureka", null))
			.withMessageContaining("(EUREKA_PASSWORD) must be set");
	}

	@Test
	void shouldRefuseAShortPassword() {
		assertThatIllegalArgumentException().isThrownBy(() -> new RegistryCredentials("eureka", "123456789012345"))
			.withMessageContaining("at least 16 characters");
	}

	@Test
	void shouldAcceptALongEnoughPassword() {
		assertThat(new RegistryCredentials("eureka", "0123456789abcdef").password()).hasSize(16);
	}

}
