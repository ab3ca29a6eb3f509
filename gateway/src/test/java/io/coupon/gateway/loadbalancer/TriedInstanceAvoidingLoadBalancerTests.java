package io.coupon.gateway.loadbalancer;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.DefaultRequest;
import org.springframework.cloud.client.loadbalancer.RequestData;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.ServiceInstanceListSuppliers;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.util.LinkedMultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;

class TriedInstanceAvoidingLoadBalancerTests {

	private static final ServiceInstance A = instance("a", 8081);

	private static final ServiceInstance B = instance("b", 8082);

	private static final ServiceInstance C = instance("c", 8083);

	private final TriedInstanceAvoidingLoadBalancer loadBalancer = loadBalancerOver(A, B, C);

	@Test
	void shouldSendEachAttemptOfARequestToAnInstanceItHasNotTried() {
		Map<String, Object> oneRequest = new HashMap<>();
		// Other requests move the shared round-robin position between this request's attempts.
		List<ServiceInstance> attempts = new ArrayList<>();
		for (int attempt = 0; attempt < 3; attempt++) {
			attempts.add(choose(oneRequest));
			choose(new HashMap<>());
			choose(new HashMap<>());
		}

		assertThat(attempts).containsExactlyInAnyOrder(A, B, C);
	}

	@Test
	void shouldFallBackToRoundRobinOnceEveryInstanceWasTried() {
		Map<String, Object> oneRequest = new HashMap<>();
		for (int attempt = 0; attempt < 3; attempt++) {
			choose(oneRequest);
		}

		assertThat(choose(oneRequest)).isIn(A, B, C);
	}

	@Test
	void shouldSpreadSeparateRequestsRoundRobin() {
		List<ServiceInstance> chosen = new ArrayList<>();
		for (int request = 0; request < 6; request++) {
			chosen.add(choose(new HashMap<>()));
		}

		assertThat(chosen).filteredOn(A::equals).hasSize(2);
		assertThat(chosen).filteredOn(B::equals).hasSize(2);
		assertThat(chosen).filteredOn(C::equals).hasSize(2);
	}

	@Test
	void shouldAnswerNoServerWhenNoInstanceIsRegistered() {
		Response<ServiceInstance> response = loadBalancerOver().choose(request(new HashMap<>())).block();

		assertThat(response).isNotNull();
		assertThat(response.hasServer()).isFalse();
	}

	private ServiceInstance choose(Map<String, Object> attributes) {
		Response<ServiceInstance> response = this.loadBalancer.choose(request(attributes)).block();
		assertThat(response).isNotNull();
		assertThat(response.hasServer()).isTrue();
		return response.getServer();
	}

	private static DefaultRequest<RequestDataContext> request(Map<String, Object> attributes) {
		RequestData data = new RequestData(HttpMethod.POST, URI.create("http://coupon-api/api/coupons/1/issue"),
				new HttpHeaders(), new LinkedMultiValueMap<>(), attributes);
		return new DefaultRequest<>(new RequestDataContext(data));
	}

	private static TriedInstanceAvoidingLoadBalancer loadBalancerOver(ServiceInstance... instances) {
		StaticListableBeanFactory beans = new StaticListableBeanFactory();
		beans.addBean("instances", ServiceInstanceListSuppliers.from("coupon-api", instances));
		return new TriedInstanceAvoidingLoadBalancer(beans.getBeanProvider(ServiceInstanceListSupplier.class));
	}

	private static ServiceInstance instance(String id, int port) {
		return new DefaultServiceInstance(id, "coupon-api", "127.0.0.1", port, false);
	}

}
