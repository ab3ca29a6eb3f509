package io.coupon.api.warmup;

import com.netflix.appinfo.ApplicationInfoManager;
import com.netflix.appinfo.InstanceInfo.InstanceStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Reports UP to Eureka when Spring Boot declares the replica ready, not when its web server starts. The instance
 * registers as STARTING ({@code eureka.instance.initial-status}), which the gateway's discovery skips: without this
 * the gateway would route to a replica still warming up ({@link ReplicaWarmUp}).
 */
@Component
class EurekaStatusFollowsReadiness {

	private static final Logger log = LoggerFactory.getLogger(EurekaStatusFollowsReadiness.class);

	private final ObjectProvider<ApplicationInfoManager> eureka;

	EurekaStatusFollowsReadiness(ObjectProvider<ApplicationInfoManager> eureka) {
		this.eureka = eureka;
	}

	@EventListener
	void onReadiness(AvailabilityChangeEvent<ReadinessState> event) {
		if (event.getState() == ReadinessState.ACCEPTING_TRAFFIC) {
			this.eureka.ifAvailable((manager) -> {
				manager.setInstanceStatus(InstanceStatus.UP);
				log.info("Ready: reported UP to Eureka");
			});
		}
	}

}
