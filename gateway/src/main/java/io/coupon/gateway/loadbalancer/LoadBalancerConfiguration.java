package io.coupon.gateway.loadbalancer;

import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClients;
import org.springframework.context.annotation.Configuration;

/**
 * Every load-balanced service the gateway routes to avoids, on a retry, the instances that the
 * request has already tried.
 */
@Configuration(proxyBeanMethods = false)
@LoadBalancerClients(defaultConfiguration = TriedInstanceAvoidingLoadBalancerConfiguration.class)
class LoadBalancerConfiguration {

}
