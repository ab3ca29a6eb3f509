package io.coupon.gateway.limit;

import java.util.concurrent.atomic.AtomicLong;

import io.coupon.gateway.CouponGatewayProperties;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.PayloadTooLargeException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Refuses request bodies larger than {@code coupon.max-request-body} with a 413 problem detail, before a replica
 * spends memory and a thread reading them (R11). A declared {@code Content-Length} is refused at once, without
 * reading the body; a chunked body is counted as it streams and cut off when it passes the limit.
 * {@code coupon.request-body-limit.enabled=false} leaves it out, only to measure its price
 * ({@code ./coupon bench gateway --variants}).
 */
@Component
@ConditionalOnBooleanProperty(name = "coupon.request-body-limit.enabled", matchIfMissing = true)
class RequestBodyLimitFilter implements WebFilter, Ordered {

	private final long maxBytes;

	RequestBodyLimitFilter(CouponGatewayProperties properties) {
		this.maxBytes = properties.maxRequestBody().toBytes();
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		long declared = exchange.getRequest().getHeaders().getContentLength();
		if (declared > this.maxBytes) {
			return Mono.error(tooLarge());
		}
		if (declared >= 0) {
			return chain.filter(exchange);
		}
		return chain.filter(exchange.mutate().request(new CountingRequest(exchange.getRequest())).build());
	}

	@Override
	public int getOrder() {
		// Before everything else: a body that will be refused is not worth routing or load balancing.
		return Ordered.HIGHEST_PRECEDENCE;
	}

	private PayloadTooLargeException tooLarge() {
		return new PayloadTooLargeException(new IllegalArgumentException(
				"The request body is larger than " + this.maxBytes + " bytes"));
	}

	private final class CountingRequest extends ServerHttpRequestDecorator {

		CountingRequest(ServerHttpRequest delegate) {
			super(delegate);
		}

		@Override
		public Flux<DataBuffer> getBody() {
			AtomicLong seen = new AtomicLong();
			return super.getBody().handle((buffer, sink) -> {
				if (seen.addAndGet(buffer.readableByteCount()) > RequestBodyLimitFilter.this.maxBytes) {
					DataBufferUtils.release(buffer);
					sink.error(tooLarge());
				}
				else {
					sink.next(buffer);
				}
			});
		}

	}

}
