package io.coupon.gateway.door;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeoutException;

import io.coupon.gateway.problem.ProblemResponses;
import io.coupon.gateway.security.VerifiedToken;
import io.coupon.gateway.warmup.WarmUpTraffic;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;

class DoorFilterTests {

	private final CouponDoor door = mock();

	private final ProblemResponses responses = mock();

	private final GatewayFilterChain chain = mock();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private DoorFilter filter;

	@BeforeEach
	void filter() {
		given(this.chain.filter(any())).willReturn(Mono.empty());
		given(this.responses.write(any(), any(), any(), any(), any(), any())).willReturn(Mono.empty());
		given(this.door.verdict(anyLong())).willReturn(DoorReading.Verdict.SOLD_OUT);
		given(this.door.holds(anyLong(), any())).willReturn(Mono.just(false));
		this.filter = new DoorFilter(this.door, this.responses, new WarmUpTraffic(), this.meters);
	}

	@Test
	void shouldAnswerSoldOutAsCouponApiDoesAndCountIt() {
		this.filter.filter(issue("/api/v1/coupons/7/issue", "42"), this.chain).block();

		then(this.responses).should()
			.write(any(), eq(HttpStatus.CONFLICT), eq("https://coupon.example/problems/sold-out"),
					eq("Coupon sold out"), eq("Coupon 7 is sold out"), any(HttpHeaders.class));
		then(this.chain).should(never()).filter(any());
		then(this.door).should().holds(7, "42");
		assertThat(this.meters.counter("coupon.gateway.door", "reason", "sold-out").count()).isEqualTo(1);
		assertThat(this.meters.counter("coupon.gateway.door.holder-check", "result", "not-holder").count())
			.isEqualTo(1);
	}

	@Test
	void shouldSendAUserWhoHoldsTheSoldOutCouponToAReplica() {
		given(this.door.holds(7, "42")).willReturn(Mono.just(true));
		ServerWebExchange exchange = issue("/api/v1/coupons/7/issue", "42");

		this.filter.filter(exchange, this.chain).block();

		then(this.chain).should().filter(exchange);
		then(this.responses).should(never()).write(any(), any(), any(), any(), any(), any());
		assertThat(this.meters.counter("coupon.gateway.door", "reason", "sold-out").count()).isZero();
		assertThat(this.meters.counter("coupon.gateway.door.holder-check", "result", "holder").count()).isEqualTo(1);
	}

	@Test
	void shouldSendTheRequestToAReplicaWhenTheHolderCheckFails() {
		for (Mono<Boolean> failure : List.<Mono<Boolean>>of(
				Mono.error(new RedisConnectionFailureException("down")),
				Mono.error(new TimeoutException("holder-check-timeout")), Mono.empty())) {
			given(this.door.holds(7, "42")).willReturn(failure);

			this.filter.filter(issue("/api/v1/coupons/7/issue", "42"), this.chain).block();
		}

		then(this.chain).should(times(3)).filter(any());
		then(this.responses).should(never()).write(any(), any(), any(), any(), any(), any());
		assertThat(this.meters.counter("coupon.gateway.door.holder-check", "result", "failed").count()).isEqualTo(3);
	}

	@Test
	void shouldAskWithTheVerifiedTokensSubject() {
		ServerWebExchange exchange = issue("/api/v1/coupons/7/issue", "42");
		// Where the security filter puts the token it verified: its subject is the user, not the client's header.
		exchange.getAttributes().put(VerifiedToken.class.getName(), new VerifiedToken("77", false));

		this.filter.filter(exchange, this.chain).block();

		then(this.door).should().holds(7, "77");
	}

	@Test
	void shouldNotAskWhetherTheUserHoldsACouponThatIsNotOpen() {
		for (DoorReading.Verdict verdict : List.of(DoorReading.Verdict.NOT_OPEN_YET, DoorReading.Verdict.CLOSED)) {
			given(this.door.verdict(7)).willReturn(verdict);

			this.filter.filter(issue("/api/v1/coupons/7/issue", "42"), this.chain).block();
		}

		then(this.door).should(never()).holds(anyLong(), any());
		then(this.responses).should(times(2))
			.write(any(), eq(HttpStatus.CONFLICT), eq("https://coupon.example/problems/not-open"), any(), any(),
					any(HttpHeaders.class));
	}

	@Test
	void shouldAnswerNotOpenWithCouponApisTypeTitleAndWords() {
		given(this.door.verdict(7)).willReturn(DoorReading.Verdict.NOT_OPEN_YET);
		given(this.door.reading(7)).willReturn(DoorReading.of(Arrays.asList(null, "1893456000000", null), 0));

		this.filter.filter(issue("/api/v1/coupons/7/issue", "42"), this.chain).block();

		then(this.responses).should()
			.write(any(), eq(HttpStatus.CONFLICT), eq("https://coupon.example/problems/not-open"),
					eq("Coupon not open for issuance"),
					eq("Coupon 7 is issued from 2030-01-01T00:00:00Z until (unbounded)"), any(HttpHeaders.class));
		assertThat(this.meters.counter("coupon.gateway.door", "reason", "not-open-yet").count()).isEqualTo(1);
	}

	@Test
	void shouldCountClosedApart() {
		given(this.door.verdict(7)).willReturn(DoorReading.Verdict.CLOSED);

		this.filter.filter(issue("/api/v1/coupons/7/issue", "42"), this.chain).block();

		assertThat(this.meters.counter("coupon.gateway.door", "reason", "closed").count()).isEqualTo(1);
	}

	@Test
	void shouldLetThroughWhatTheDoorSaysPassToAndTrackACouponAReplicaKnows() {
		given(this.door.verdict(7)).willReturn(DoorReading.Verdict.PASS);
		ServerWebExchange exchange = issue("/api/v1/coupons/7/issue", "42");
		given(this.chain.filter(exchange))
			.willReturn(Mono.fromRunnable(() -> exchange.getResponse().setStatusCode(HttpStatus.CONFLICT)));

		this.filter.filter(exchange, this.chain).block();

		then(this.chain).should().filter(exchange);
		then(this.responses).should(never()).write(any(), any(), any(), any(), any(), any());
		then(this.door).should().track(7);
	}

	@Test
	void shouldNotTrackACouponIdTheReplicaDoesNotKnow() {
		given(this.door.verdict(7)).willReturn(DoorReading.Verdict.PASS);
		ServerWebExchange exchange = issue("/api/v1/coupons/7/issue", "42");
		given(this.chain.filter(exchange))
			.willReturn(Mono.fromRunnable(() -> exchange.getResponse().setStatusCode(HttpStatus.NOT_FOUND)));

		this.filter.filter(exchange, this.chain).block();

		then(this.door).should(never()).track(anyLong());
	}

	@Test
	void shouldLeaveToCouponApiEveryRequestItWouldAnswerOtherwise() {
		for (ServerWebExchange exchange : new ServerWebExchange[] {
				exchange(MockServerHttpRequest.get("/api/v1/coupons/7/issue").header("X-USER-ID", "42")),
				exchange(MockServerHttpRequest.get("/api/v1/coupons/7").header("X-USER-ID", "42")),
				exchange(MockServerHttpRequest.get("/api/v1/coupons/7/issues/42").header("X-USER-ID", "42")),
				issue("/api/v1/coupons/7/issue?userId=2", "42"), issue("/api/v1/coupons/07/issue", "42"),
				issue("/api/v1/coupons/0/issue", "42"), issue("/api/v1/coupons/99999999999999999999/issue", "42"),
				issue("/api/v1/coupons/9223372036854775808/issue", "42"), issue("/api/v1/coupons/7/issue", null),
				issue("/api/v1/coupons/7/issue", "abc"), issue("/api/v1/coupons/7/issue", "0042"),
				issue("/api/v1/coupons/7/issue", "9223372036854775808"),
				exchange(MockServerHttpRequest.post("/api/v1/coupons/7/issue").header("X-USER-ID", "42")
					.header(HttpHeaders.ACCEPT, "text/plain")) }) {
			this.filter.filter(exchange, this.chain).block();
		}

		then(this.chain).should(org.mockito.Mockito.times(13)).filter(any());
		then(this.responses).should(never()).write(any(), any(), any(), any(), any(), any());
	}

	private static ServerWebExchange issue(String path, String userId) {
		MockServerHttpRequest.BodyBuilder request = MockServerHttpRequest.post(path);
		if (userId != null) {
			request.header("X-USER-ID", userId);
		}
		return exchange(request);
	}

	private static ServerWebExchange exchange(MockServerHttpRequest.BaseBuilder<?> request) {
		return MockServerWebExchange.from(request.build());
	}

}
