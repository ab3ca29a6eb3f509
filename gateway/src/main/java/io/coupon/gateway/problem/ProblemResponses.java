package io.coupon.gateway.problem;

import java.net.URI;
import java.util.List;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.result.view.ViewResolver;
import org.springframework.web.server.ServerWebExchange;

/**
 * Writes the gateway's own answers as RFC 9457 problem details, with the same type URI base as the coupon-api, so
 * that a client reads every error of the platform the same way: the error handler's, and the security chain's 401 and
 * 403, which are written before any handler runs.
 */
@Component
public class ProblemResponses {

	/** Problem types are this base plus a short name, such as {@code unauthorized}. */
	public static final String TYPE_BASE = "https://coupon.example/problems/";

	private final ServerResponse.Context responseContext;

	ProblemResponses(ServerCodecConfigurer codecs) {
		this.responseContext = new CodecsContext(codecs.getWriters());
	}

	/**
	 * Writes one problem detail.
	 * @param type the full type URI, or {@code about:blank}
	 * @param headers added to the answer, such as {@code Retry-After} or {@code WWW-Authenticate}
	 */
	public Mono<Void> write(ServerWebExchange exchange, HttpStatusCode status, String type, String title,
			String detail, HttpHeaders headers) {
		ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
		body.setType(URI.create(type));
		body.setTitle(title);
		body.setInstance(instance(exchange));
		return ServerResponse.status(status)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.headers((answer) -> answer.addAll(headers))
			.bodyValue(body)
			.flatMap((response) -> response.writeTo(exchange, this.responseContext));
	}

	// The path the client asked for; a raw path that is not a valid URI must not turn a problem
	// answer into a failure of its own.
	private static @Nullable URI instance(ServerWebExchange exchange) {
		try {
			return URI.create(exchange.getRequest().getPath().value());
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private record CodecsContext(List<HttpMessageWriter<?>> messageWriters) implements ServerResponse.Context {

		@Override
		public List<ViewResolver> viewResolvers() {
			return List.of();
		}

	}

}
