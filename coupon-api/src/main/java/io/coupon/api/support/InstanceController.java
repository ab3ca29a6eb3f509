package io.coupon.api.support;

import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** A cheap endpoint that only says which replica answered: the launcher polls it through the gateway. */
@RestController
class InstanceController {

	private final String instanceId;

	InstanceController(CouponProperties properties) {
		this.instanceId = properties.instanceId();
	}

	@GetMapping("/api/v1/instance")
	Map<String, String> instance() {
		return Map.of("instanceId", this.instanceId);
	}

}
