package io.coupon.gateway.security;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

class UserIdHeadersFilterTests {

	private final UserIdHeadersFilter filter = new UserIdHeadersFilter(false);

	@Test
	void shouldReplaceTheClientsUserIdWithTheTokensSubject() {
		MockServerWebExchange exchange = exchange("2002");
		new VerifiedToken("1001", false).attachTo(exchange);

		HttpHeaders upstream = this.filter.filter(HttpHeaders.readOnlyHttpHeaders(exchange.getRequest().getHeaders()),
				exchange);

		assertThat(upstream.get(UserIdHeadersFilter.USER_ID)).containsExactly("1001");
		assertThat(upstream.getFirst("X-Other")).isEqualTo("kept");
		// The client's request itself is left as it came.
		assertThat(exchange.getRequest().getHeaders().getFirst(UserIdHeadersFilter.USER_ID)).isEqualTo("2002");
	}

	@Test
	void shouldRemoveTheClientsUserIdWhenNoTokenWasVerified() {
		MockServerWebExchange exchange = exchange("2002");

		HttpHeaders upstream = this.filter.filter(copyOf(exchange.getRequest().getHeaders()), exchange);

		assertThat(upstream.containsHeader(UserIdHeadersFilter.USER_ID)).isFalse();
		assertThat(upstream.getFirst("X-Other")).isEqualTo("kept");
	}

	@Test
	void shouldChangeTheWritableCopyItIsHandedInPlace() {
		MockServerWebExchange exchange = exchange(null);
		new VerifiedToken("1001", false).attachTo(exchange);
		HttpHeaders copy = copyOf(exchange.getRequest().getHeaders());

		assertThat(this.filter.filter(copy, exchange)).isSameAs(copy);
		assertThat(copy.getFirst(UserIdHeadersFilter.USER_ID)).isEqualTo("1001");
	}

	@Test
	void shouldPassTheClientsUserIdOnInTrustedHeaderMode() {
		MockServerWebExchange exchange = exchange("2002");
		HttpHeaders headers = HttpHeaders.readOnlyHttpHeaders(exchange.getRequest().getHeaders());

		assertThat(new UserIdHeadersFilter(true).filter(headers, exchange).getFirst(UserIdHeadersFilter.USER_ID))
			.isEqualTo("2002");
	}

	/** What the earlier header filters hand on: a writable copy of the request's headers. */
	private static HttpHeaders copyOf(HttpHeaders headers) {
		HttpHeaders copy = new HttpHeaders();
		copy.putAll(headers);
		return copy;
	}

	private static MockServerWebExchange exchange(String clientUserId) {
		MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.post("/api/v1/coupons/1/issue")
			.header("X-Other", "kept");
		if (clientUserId != null) {
			request.header(UserIdHeadersFilter.USER_ID, clientUserId);
		}
		return MockServerWebExchange.from(request);
	}

}
