package io.coupon.gateway.warmup;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.coupon.gateway.security.GatewaySecurityProperties;
import io.coupon.gateway.security.SecurityMode;
import io.netty.handler.codec.http.HttpHeaders;
import org.jspecify.annotations.Nullable;

/**
 * The headers of the warm-up's requests, so that they take the path a client's request takes. With an HS256 secret
 * the gateway can sign tokens itself: each request carries a fresh token of its own user, verified as any other. With
 * an RSA key or a JWKS it cannot, and the requests carry none: they warm the refusal (401) path only. In
 * {@code trusted-header} mode each names its user in {@code X-USER-ID}.
 */
final class WarmUpRequests {

	/** The warm-up's users: {@code gateway-warm-up-<n>}, names the lab's and the demo's numeric users never take. */
	static final String SUBJECT_PREFIX = "gateway-warm-up-";

	private final GatewaySecurityProperties security;

	private final @Nullable MACSigner signer;

	private final Clock clock;

	private final Duration validity;

	WarmUpRequests(GatewaySecurityProperties security, Clock clock, Duration validity) {
		this.security = security;
		this.clock = clock;
		this.validity = validity;
		this.signer = (security.mode() == SecurityMode.JWT && security.jwt().hmacSecret() != null)
				? macSigner(security.jwt().hmacSecret()) : null;
	}

	/** What the warm-up exercises, for the log. */
	String path() {
		if (this.security.mode() == SecurityMode.TRUSTED_HEADER) {
			return "trusted X-USER-ID and proxy";
		}
		return (this.signer != null) ? "token verification and proxy"
				: "token refusal only (the gateway cannot sign RS256 tokens)";
	}

	/** Sets the headers of the {@code n}th request. */
	void headers(int n, HttpHeaders headers) {
		if (this.security.mode() == SecurityMode.TRUSTED_HEADER) {
			headers.set("X-USER-ID", Integer.toString(n + 1));
		}
		else if (this.signer != null) {
			headers.set("Authorization", "Bearer " + token(SUBJECT_PREFIX + n));
		}
	}

	String token(String subject) {
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(subject)
			.expirationTime(Date.from(this.clock.instant().plus(this.validity)));
		if (this.security.jwt().issuer() != null) {
			claims.issuer(this.security.jwt().issuer());
		}
		if (this.security.jwt().audience() != null) {
			claims.audience(this.security.jwt().audience());
		}
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
		try {
			jwt.sign(this.signer);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Could not sign a warm-up token", ex);
		}
		return jwt.serialize();
	}

	private static @Nullable MACSigner macSigner(String secret) {
		try {
			return new MACSigner(secret.getBytes(StandardCharsets.UTF_8));
		}
		catch (JOSEException ex) {
			// The verifier refuses such a secret at start already; the warm-up then sends no tokens.
			return null;
		}
	}

}
