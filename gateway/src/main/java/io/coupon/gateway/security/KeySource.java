package io.coupon.gateway.security;

import java.util.List;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import reactor.core.publisher.Mono;

/** Where the verifiers of a token's signature come from: one fixed key, or an identity provider's JWKS. */
interface KeySource {

	/**
	 * The verifiers that may have signed a token with this header: an empty list when no known key matches, an
	 * error {@link KeysUnavailableException} when keys cannot be had at all.
	 */
	Mono<List<JWSVerifier>> verifiersFor(JWSHeader header);

	/** One key, known from the start: an HS256 secret or an RSA public key. */
	static KeySource fixed(JWSVerifier verifier) {
		Mono<List<JWSVerifier>> verifiers = Mono.just(List.of(verifier));
		return (header) -> verifiers;
	}

}
