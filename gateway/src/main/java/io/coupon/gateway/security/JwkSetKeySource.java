package io.coupon.gateway.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The RS256 keys an identity provider publishes at its JWKS endpoint, fetched without blocking an event loop and kept
 * for {@code ttl}. A token naming a key id the cached set lacks makes one early refetch (the provider has rotated its
 * keys), at most once every {@code minRefreshInterval}, so that tokens with made-up key ids cannot make the gateway
 * hammer the provider. Concurrent requests share one fetch. When a fetch fails the keys already known stay in use;
 * with none known the request fails with {@link KeysUnavailableException}, and fetches are not retried for a second.
 */
final class JwkSetKeySource implements KeySource {

	/** How long a failed fetch, with no keys known, answers every request before the endpoint is tried again. */
	static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(1);

	private static final Log logger = LogFactory.getLog(JwkSetKeySource.class);

	private final URI uri;

	private final JWSAlgorithm algorithm;

	private final GatewaySecurityProperties.JwkSet settings;

	private final Clock clock;

	private final HttpClient http;

	private volatile @Nullable Keys keys;

	private volatile @Nullable Failure lastFailure;

	private @Nullable CompletableFuture<Keys> inFlight;

	JwkSetKeySource(URI uri, JWSAlgorithm algorithm, GatewaySecurityProperties.JwkSet settings, Clock clock) {
		this.uri = uri;
		this.algorithm = algorithm;
		this.settings = settings;
		this.clock = clock;
		this.http = HttpClient.newBuilder().connectTimeout(settings.fetchTimeout()).build();
	}

	@Override
	public Mono<List<JWSVerifier>> verifiersFor(JWSHeader header) {
		String keyId = header.getKeyID();
		Keys known = this.keys;
		Instant now = this.clock.instant();
		if (known != null) {
			List<JWSVerifier> matching = known.matching(keyId);
			boolean fresh = now.isBefore(known.fetchedAt().plus(this.settings.ttl()));
			boolean mayRefetch = !now.isBefore(known.fetchedAt().plus(this.settings.minRefreshInterval()));
			if (fresh && (!matching.isEmpty() || !mayRefetch)) {
				return Mono.just(matching);
			}
		}
		Failure failed = this.lastFailure;
		if (known == null && failed != null && now.isBefore(failed.at().plus(RETRY_AFTER_FAILURE))) {
			return Mono.error(unavailable(failed.cause()));
		}
		return Mono.fromFuture(fetch(), true)
			.map((fetched) -> fetched.matching(keyId))
			.onErrorResume((ex) -> (known != null) ? Mono.just(known.matching(keyId))
					: Mono.error(unavailable(ex)));
	}

	private KeysUnavailableException unavailable(Throwable cause) {
		Throwable reason = (cause instanceof CompletionException) ? cause.getCause() : cause;
		return new KeysUnavailableException("No keys from " + this.uri + ": " + reason, reason);
	}

	private synchronized CompletableFuture<Keys> fetch() {
		CompletableFuture<Keys> running = this.inFlight;
		if (running != null) {
			return running;
		}
		HttpRequest request = HttpRequest.newBuilder(this.uri).timeout(this.settings.fetchTimeout()).GET().build();
		// Completes only once the keys (or the failure) are recorded, so that whoever waited sees them recorded.
		CompletableFuture<Keys> fetch = this.http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
			.thenApply(this::keysFrom)
			.whenComplete(this::fetched);
		if (!fetch.isDone()) {
			this.inFlight = fetch;
		}
		return fetch;
	}

	private synchronized void fetched(@Nullable Keys fetched, @Nullable Throwable failure) {
		this.inFlight = null;
		if (fetched != null) {
			this.keys = fetched;
			this.lastFailure = null;
		}
		else {
			logger.warn("Cannot fetch the JWKS from " + this.uri + " (" + failure + "); "
					+ ((this.keys != null) ? "the keys fetched before stay in use" : "tokens cannot be checked"));
			this.lastFailure = new Failure(this.clock.instant(), failure);
		}
	}

	private Keys keysFrom(HttpResponse<String> response) {
		if (response.statusCode() != 200) {
			throw new IllegalStateException("the JWKS endpoint answered " + response.statusCode());
		}
		try {
			return Keys.of(JWKSet.parse(response.body()), this.algorithm, this.clock.instant());
		}
		catch (ParseException | JOSEException ex) {
			throw new IllegalStateException("the JWKS endpoint answered what is not a usable JWK set", ex);
		}
	}

	/** The set's signature keys of the pinned algorithm, by key id (keys without an id only match tokens without). */
	private record Keys(Map<String, List<JWSVerifier>> byId, List<JWSVerifier> all, Instant fetchedAt) {

		static Keys of(JWKSet set, JWSAlgorithm algorithm, Instant fetchedAt) throws JOSEException {
			Map<String, List<JWSVerifier>> byId = new HashMap<>();
			List<JWSVerifier> all = new ArrayList<>();
			for (JWK key : set.getKeys()) {
				boolean forSignatures = key.getKeyUse() == null || KeyUse.SIGNATURE.equals(key.getKeyUse());
				boolean ofAlgorithm = key.getAlgorithm() == null || algorithm.equals(key.getAlgorithm());
				if (key instanceof RSAKey rsa && forSignatures && ofAlgorithm) {
					JWSVerifier verifier = new RSASSAVerifier(rsa);
					all.add(verifier);
					if (key.getKeyID() != null) {
						byId.computeIfAbsent(key.getKeyID(), (id) -> new ArrayList<>()).add(verifier);
					}
				}
			}
			return new Keys(byId, all, fetchedAt);
		}

		List<JWSVerifier> matching(@Nullable String keyId) {
			return (keyId == null) ? this.all : this.byId.getOrDefault(keyId, List.of());
		}

	}

	private record Failure(Instant at, @Nullable Throwable cause) {
	}

}
