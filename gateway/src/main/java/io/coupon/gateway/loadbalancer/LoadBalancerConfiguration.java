package io.coupon.gateway.loadbalancer;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClients;
import org.springframework.context.annotation.Configuration;

/**
 * Every load-balanced service the gateway routes to avoids, on a retry, the instances that the
 * request has already tried. {@code coupon.load-balancer.avoid-tried-instances=false} leaves Spring Cloud
 * LoadBalancer's plain round robin, only to measure the difference ({@code ./coupon bench gateway --variants}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "coupon.load-balancer.avoid-tried-instances", matchIfMissing = true)
@LoadBalancerClients(defaultConfiguration = TriedInstanceAvoidingLoadBalancerConfiguration.class)
class LoadBalancerConfiguration {

}
