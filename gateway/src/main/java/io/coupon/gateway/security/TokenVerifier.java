package io.coupon.gateway.security;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Checks a bearer token with Nimbus's own primitives, in the order that costs least for a forgery: the compact form
 * parses, its algorithm is the one pinned to the key source (so {@code alg: none}, or an RS256 public key used as an
 * HS256 secret, fails at once), a known key verifies the signature, and only then the claims: {@code exp} required,
 * {@code nbf} honoured (both within the clock skew), a non-blank {@code sub}, and the issuer and audience when
 * configured. docs/decisions.md ("The gateway verifies tokens itself") measures it against Spring Security's chain.
 */
final class TokenVerifier {

	private final JWSAlgorithm algorithm;

	private final KeySource keys;

	private final Duration clockSkew;

	private final @Nullable String issuer;

	private final @Nullable String audience;

	private final String adminScope;

	private final Clock clock;

	TokenVerifier(JWSAlgorithm algorithm, KeySource keys, Duration clockSkew, @Nullable String issuer,
			@Nullable String audience, String adminScope, Clock clock) {
		this.algorithm = algorithm;
		this.keys = keys;
		this.clockSkew = clockSkew;
		this.issuer = issuer;
		this.audience = audience;
		this.adminScope = adminScope;
		this.clock = clock;
	}

	private static final Mono<Optional<VerifiedToken>> REFUSED = Mono.just(Optional.empty());

	/**
	 * The token's verified content; an empty optional when the token is refused, for whatever reason (the answer
	 * never says which); an error {@link KeysUnavailableException} when no key can be had to check it.
	 */
	Mono<Optional<VerifiedToken>> verify(String token) {
		SignedJWT jwt;
		try {
			jwt = SignedJWT.parse(token);
		}
		catch (ParseException ex) {
			return REFUSED;
		}
		if (!this.algorithm.equals(jwt.getHeader().getAlgorithm())) {
			return REFUSED;
		}
		return this.keys.verifiersFor(jwt.getHeader())
			.map((verifiers) -> Optional.ofNullable(verified(jwt, verifiers)));
	}

	private @Nullable VerifiedToken verified(SignedJWT jwt, List<JWSVerifier> verifiers) {
		if (!signedByOneOf(jwt, verifiers)) {
			return null;
		}
		try {
			return fromClaims(jwt.getJWTClaimsSet());
		}
		catch (ParseException ex) {
			return null;
		}
	}

	private static boolean signedByOneOf(SignedJWT jwt, List<JWSVerifier> verifiers) {
		for (JWSVerifier verifier : verifiers) {
			try {
				if (jwt.verify(verifier)) {
					return true;
				}
			}
			catch (JOSEException ex) {
				// A key that cannot check this signature (a wrong size, say) did not sign it; try the next one.
			}
		}
		return false;
	}

	private @Nullable VerifiedToken fromClaims(JWTClaimsSet claims) {
		Instant now = this.clock.instant();
		Date expiry = claims.getExpirationTime();
		if (expiry == null || now.minus(this.clockSkew).isAfter(expiry.toInstant())) {
			return null;
		}
		Date notBefore = claims.getNotBeforeTime();
		if (notBefore != null && now.plus(this.clockSkew).isBefore(notBefore.toInstant())) {
			return null;
		}
		String subject = claims.getSubject();
		if (subject == null || subject.isBlank()) {
			return null;
		}
		if (this.issuer != null && !this.issuer.equals(claims.getIssuer())) {
			return null;
		}
		if (this.audience != null && !claims.getAudience().contains(this.audience)) {
			return null;
		}
		return new VerifiedToken(subject, grantsAdmin(claims));
	}

	/** The scopes are in {@code scope} (RFC 8693: one space-separated string) or {@code scp} (a string or a list). */
	private boolean grantsAdmin(JWTClaimsSet claims) {
		return holdsAdminScope(claims.getClaim("scope")) || holdsAdminScope(claims.getClaim("scp"));
	}

	private boolean holdsAdminScope(@Nullable Object scopes) {
		if (scopes instanceof String spaceSeparated) {
			for (String scope : spaceSeparated.split(" ")) {
				if (this.adminScope.equals(scope)) {
					return true;
				}
			}
			return false;
		}
		return scopes instanceof Collection<?> list && list.contains(this.adminScope);
	}

}
