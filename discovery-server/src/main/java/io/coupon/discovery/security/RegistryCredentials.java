package io.coupon.discovery.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.Assert;

/**
 * The one account that may use the registry: every Eureka client (gateway, coupon-api) and a person at the dashboard.
 * There is no default password: a registry anyone can write to lets anyone route the sale's traffic to their own
 * server.
 *
 * @param username {@code EUREKA_USERNAME}
 * @param password {@code EUREKA_PASSWORD}; clients put both into their URL
 * ({@code http://user:password@host:8761/eureka/}), so it must be URL-safe: hex or base64url
 */
@ConfigurationProperties("coupon.registry")
public record RegistryCredentials(String username, String password) {

	static final int MIN_PASSWORD_LENGTH = 16;

	public RegistryCredentials {
		Assert.hasText(username, "coupon.registry.username (EUREKA_USERNAME) must be set");
		Assert.isTrue(password != null && password.length() >= MIN_PASSWORD_LENGTH,
				"coupon.registry.password (EUREKA_PASSWORD) must be set, at least " + MIN_PASSWORD_LENGTH
						+ " characters (e.g. openssl rand -hex 24)");
	}

}
