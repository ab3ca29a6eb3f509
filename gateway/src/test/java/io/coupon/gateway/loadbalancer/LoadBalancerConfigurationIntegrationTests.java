package io.coupon.gateway.loadbalancer;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.DefaultRequest;
import org.springframework.cloud.client.loadbalancer.RequestData;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.loadbalancer.core.ReactorServiceInstanceLoadBalancer;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.util.LinkedMultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's routes use the tried-instance-avoiding load balancer, not the default round robin.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "eureka.client.enabled=false", "coupon.security.mode=trusted-header",
				"coupon.lab.unsafe-modes=true", "coupon.rate-limit.enabled=false",
				"spring.cloud.discovery.client.simple.instances.coupon-api[0].uri=http://127.0.0.1:9",
				"spring.cloud.discovery.client.simple.instances.coupon-api[1].uri=http://127.0.0.2:9" })
class LoadBalancerConfigurationIntegrationTests {

	@Autowired
	private LoadBalancerClientFactory clientFactory;

	@Test
	void shouldUseTheTriedInstanceAvoidingLoadBalancerForCouponApi() {
		ReactorServiceInstanceLoadBalancer loadBalancer = this.clientFactory.getInstance("coupon-api",
				ReactorServiceInstanceLoadBalancer.class);

		assertThat(loadBalancer).isInstanceOf(TriedInstanceAvoidingLoadBalancer.class);
	}

	@Test
	void shouldSendARetryToTheInstanceNotTriedYet() {
		ReactorServiceInstanceLoadBalancer loadBalancer = this.clientFactory.getInstance("coupon-api",
				ReactorServiceInstanceLoadBalancer.class);
		Map<String, Object> attributes = new HashMap<>();
		DefaultRequest<RequestDataContext> request = new DefaultRequest<>(new RequestDataContext(new RequestData(
				HttpMethod.POST, URI.create("http://coupon-api/api/x"), new HttpHeaders(), new LinkedMultiValueMap<>(),
				attributes)));

		Response<ServiceInstance> first = loadBalancer.choose(request).block();
		loadBalancer.choose(new DefaultRequest<>(new RequestDataContext())).block();
		Response<ServiceInstance> retry = loadBalancer.choose(request).block();

		assertThat(first).isNotNull();
		assertThat(retry).isNotNull();
		assertThat(retry.getServer().getHost()).isNotEqualTo(first.getServer().getHost());
	}

}
