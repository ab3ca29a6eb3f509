package io.coupon.api.issue;

import io.coupon.api.ledger.IssueLedger;
import io.coupon.api.support.CouponProperties;
import io.coupon.api.support.UnsafeModes;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class IssueStrategyConfiguration {

	private static final Logger log = LoggerFactory.getLogger(IssueStrategyConfiguration.class);

	@Bean
	IssueStrategy issueStrategy(CouponProperties properties, RedissonClient redisson, IssueLedger ledger,
			IssuedCouponLookup issuedCoupons, @Value("${coupon.lab.unsafe-modes:false}") boolean unsafeModesAllowed) {
		CouponProperties.Issue issue = properties.issue();
		UnsafeModes.check(issue, unsafeModesAllowed);
		IssueStrategy strategy = switch (issue.strategy()) {
			case LUA -> new LuaIssueStrategy(ledger);
			case LOCK -> new LockIssueStrategy(redisson, ledger, false, issue.lockWait(), issue.retryAfter());
			case FAIR_LOCK -> new LockIssueStrategy(redisson, ledger, true, issue.lockWait(), issue.retryAfter());
			case SET_INCR -> new SetIncrIssueStrategy(redisson, ledger, issuedCoupons);
		};
		log.info("Issue strategy: {}, publish: {}", strategy.name(), issue.publish());
		return strategy;
	}

}
