package io.coupon.gateway.loadbalancer;

import org.springframework.cloud.loadbalancer.core.ReactorServiceInstanceLoadBalancer;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Loaded into each service's own load-balancer context, where it replaces the default round robin.
 * Deliberately not a {@code @Configuration}: component scanning would otherwise load it into the
 * main context too, where there is no service name.
 */
class TriedInstanceAvoidingLoadBalancerConfiguration {

	@Bean
	ReactorServiceInstanceLoadBalancer triedInstanceAvoidingLoadBalancer(Environment environment,
			LoadBalancerClientFactory clientFactory) {
		String serviceId = environment.getRequiredProperty(LoadBalancerClientFactory.PROPERTY_NAME);
		return new TriedInstanceAvoidingLoadBalancer(
				clientFactory.getLazyProvider(serviceId, ServiceInstanceListSupplier.class));
	}

}
