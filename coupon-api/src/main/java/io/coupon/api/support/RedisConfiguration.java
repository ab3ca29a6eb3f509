package io.coupon.api.support;

import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class RedisConfiguration {

	@Bean(destroyMethod = "shutdown")
	RedissonClient redissonClient(CouponProperties properties) {
		Config config = new Config();
		// Plain strings keep every key readable with redis-cli and identical across strategies.
		config.setCodec(StringCodec.INSTANCE);
		// EVALSHA with an automatic reload on NOSCRIPT: the script body crosses the wire once.
		config.setUseScriptCache(true);
		config.setLockWatchdogTimeout(properties.issue().lockLease().toMillis());
		config.useSingleServer()
			.setAddress(properties.redisUrl())
			.setConnectionMinimumIdleSize(8)
			.setConnectionPoolSize(32)
			.setTimeout(2000)
			.setRetryAttempts(1);
		return Redisson.create(config);
	}

}
