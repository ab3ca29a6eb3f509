package io.coupon.api.issue;

import io.coupon.api.ledger.IssueLedger;
import io.coupon.api.support.CouponProperties;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class IssueStrategyConfiguration {

	private static final Logger log = LoggerFactory.getLogger(IssueStrategyConfiguration.class);

	@Bean
	IssueStrategy issueStrategy(CouponProperties properties, RedissonClient redisson, IssueLedger ledger,
			IssuedCouponLookup issuedCoupons) {
		CouponProperties.Issue issue = properties.issue();
		IssueStrategy strategy = switch (issue.strategy()) {
			case LUA -> new LuaIssueStrategy(ledger);
			case LOCK -> new LockIssueStrategy(redisson, ledger, false, issue.lockWait(), issue.retryAfter());
			case FAIR_LOCK -> new LockIssueStrategy(redisson, ledger, true, issue.lockWait(), issue.retryAfter());
			case SET_INCR -> new SetIncrIssueStrategy(redisson, ledger, issuedCoupons);
		};
		if (issue.strategy() == CouponProperties.StrategyName.SET_INCR) {
			log.warn("Issue strategy 'set-incr' is UNSAFE under concurrency (the origin design, for measurement only)");
		}
		if (issue.publish() == CouponProperties.PublishMode.FIRE_AND_FORGET) {
			log.warn("Publish mode 'fire-and-forget' answers before Kafka confirms: a success can be lost "
					+ "(the origin design, for measurement only)");
		}
		log.info("Issue strategy: {}, publish: {}", strategy.name(), issue.publish());
		return strategy;
	}

}
