package io.coupon.gateway.security;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;

/**
 * Who may call the API through the gateway (docs/security.md).
 *
 * @param mode {@code jwt} (the default) or {@code trusted-header}, which only reproduces the origin experiments
 * @param adminScope the scope a token needs to create or change coupons and to see replica details
 * @param jwt where the keys that sign the tokens come from; exactly one source in {@code jwt} mode
 */
@ConfigurationProperties("coupon.security")
public record GatewaySecurityProperties(@DefaultValue("jwt") SecurityMode mode,
		@DefaultValue("coupon:admin") String adminScope, @DefaultValue Jwt jwt) {

	public GatewaySecurityProperties {
		Assert.hasText(adminScope, "coupon.security.admin-scope must not be empty");
	}

	/**
	 * @param hmacSecret an HS256 shared secret of at least 32 bytes (the lab's choice: it mints its own tokens)
	 * @param jwkSetUri a JWKS endpoint of an identity provider, for RS256 tokens
	 * @param publicKeyLocation where to read an X.509 PEM RSA public key ({@code file:...} or {@code classpath:...}), for RS256 tokens without a JWKS endpoint
	 * @param issuer when set, a token's {@code iss} claim must equal it
	 * @param audience when set, a token's {@code aud} claim must hold it
	 * @param clockSkew how far a token's {@code exp} and {@code nbf} may be off the gateway's clock
	 * @param jwkSet how the keys at {@code jwkSetUri} are fetched and kept
	 */
	public record Jwt(@Nullable String hmacSecret, @Nullable String jwkSetUri, @Nullable String publicKeyLocation,
			@Nullable String issuer, @Nullable String audience, @DefaultValue("30s") Duration clockSkew,
			@DefaultValue JwkSet jwkSet) {

		/** The minimum length RFC 7518 sets for an HS256 key: a shorter one can be brute-forced. */
		static final int MIN_HMAC_SECRET_BYTES = 32;

		public Jwt {
			hmacSecret = (hmacSecret == null || hmacSecret.isEmpty()) ? null : hmacSecret;
			jwkSetUri = (jwkSetUri == null || jwkSetUri.isBlank()) ? null : jwkSetUri;
			publicKeyLocation = (publicKeyLocation == null || publicKeyLocation.isBlank()) ? null : publicKeyLocation;
			issuer = (issuer == null || issuer.isBlank()) ? null : issuer;
			audience = (audience == null || audience.isBlank()) ? null : audience;
		}

	}

	/**
	 * @param ttl how long fetched keys are used before they are fetched again
	 * @param minRefreshInterval how soon after a fetch a token with an unknown key id may cause another (rotation)
	 * @param fetchTimeout how long the gateway waits for the JWKS endpoint to connect and to answer
	 */
	public record JwkSet(@DefaultValue("5m") Duration ttl, @DefaultValue("30s") Duration minRefreshInterval,
			@DefaultValue("5s") Duration fetchTimeout) {

	}

}
