package io.coupon.gateway.loadbalancer;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.DefaultResponse;
import org.springframework.cloud.client.loadbalancer.EmptyResponse;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.RequestData;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.loadbalancer.core.NoopServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ReactorServiceInstanceLoadBalancer;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

/**
 * Round robin over the instances that the current request has not tried yet.
 *
 * <p>
 * The gateway retries a request whose connection failed, and each retry asks the load balancer
 * again. Plain round robin takes the next position of a counter that all requests share, so under
 * load a retry lands on the very instance that just refused it about once in N, which is what
 * happens for seconds after a replica dies and before the registry drops it. Remembering, in the
 * request's attributes, which instances this request was already sent to makes each retry go to a
 * replica it has not tried. Once all were tried, it falls back to plain round robin.
 */
final class TriedInstanceAvoidingLoadBalancer implements ReactorServiceInstanceLoadBalancer {

	private static final String TRIED_INSTANCES_ATTRIBUTE = TriedInstanceAvoidingLoadBalancer.class.getName()
			+ ".triedInstances";

	private final ObjectProvider<ServiceInstanceListSupplier> instanceSuppliers;

	// A random start, as in RoundRobinLoadBalancer, so that gateways started together spread out.
	private final AtomicInteger position = new AtomicInteger(ThreadLocalRandom.current().nextInt(1000));

	TriedInstanceAvoidingLoadBalancer(ObjectProvider<ServiceInstanceListSupplier> instanceSuppliers) {
		this.instanceSuppliers = instanceSuppliers;
	}

	@Override
	@SuppressWarnings("rawtypes")
	public Mono<Response<ServiceInstance>> choose(Request request) {
		ServiceInstanceListSupplier supplier = this.instanceSuppliers.getIfAvailable(NoopServiceInstanceListSupplier::new);
		return supplier.get(request).next().map((instances) -> choose(instances, triedInstances(request)));
	}

	private Response<ServiceInstance> choose(List<ServiceInstance> instances, Set<String> tried) {
		if (instances.isEmpty()) {
			return new EmptyResponse();
		}
		List<ServiceInstance> untried = instances.stream().filter((instance) -> !tried.contains(key(instance))).toList();
		List<ServiceInstance> candidates = untried.isEmpty() ? instances : untried;
		int next = this.position.getAndIncrement() & Integer.MAX_VALUE;
		ServiceInstance chosen = candidates.get(next % candidates.size());
		tried.add(key(chosen));
		return new DefaultResponse(chosen);
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static Set<String> triedInstances(Request request) {
		if (request.getContext() instanceof RequestDataContext context) {
			RequestData data = context.getClientRequest();
			Map<String, Object> attributes = (data != null) ? data.getAttributes() : null;
			// The gateway passes the exchange's own (mutable) attributes, which live as long as the
			// request and all its retries.
			if (attributes != null) {
				return (Set<String>) attributes.computeIfAbsent(TRIED_INSTANCES_ATTRIBUTE, (name) -> new HashSet<>());
			}
		}
		return new HashSet<>();
	}

	// The address the gateway connects to is what failed, whatever the registry calls the instance.
	private static String key(ServiceInstance instance) {
		return instance.getHost() + ":" + instance.getPort();
	}

}
