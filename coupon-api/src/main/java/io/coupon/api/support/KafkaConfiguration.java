package io.coupon.api.support;

import org.apache.kafka.clients.admin.NewTopic;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

	@Bean
	NewTopic couponIssuedTopic(CouponProperties properties) {
		CouponProperties.Topic topic = properties.topic();
		return TopicBuilder.name(topic.name()).partitions(topic.partitions()).replicas(topic.replicas()).build();
	}

}
