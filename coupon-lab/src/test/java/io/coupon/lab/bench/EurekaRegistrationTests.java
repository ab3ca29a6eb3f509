package io.coupon.lab.bench;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class EurekaRegistrationTests {

	@Test
	void shouldDescribeTheInstanceAsAReplicasEurekaClientDoes() throws Exception {
		EurekaRegistration registration = new EurekaRegistration("http://lab:secret@127.0.0.1:8761/eureka/",
				"coupon-api", "coupon-api:18081", 18081);

		JsonNode instance = JsonMapper.builder().build().readTree(registration.instanceJson()).get("instance");

		assertThat(instance.get("instanceId").asString()).isEqualTo("coupon-api:18081");
		assertThat(instance.get("app").asString()).isEqualTo("COUPON-API");
		assertThat(instance.get("vipAddress").asString()).isEqualTo("coupon-api");
		assertThat(instance.get("hostName").asString()).isEqualTo("127.0.0.1");
		assertThat(instance.get("status").asString()).isEqualTo("UP");
		assertThat(instance.get("port").get("$").asInt()).isEqualTo(18081);
		assertThat(instance.get("leaseInfo").get("durationInSecs").asInt()).isEqualTo(15);
	}

}
