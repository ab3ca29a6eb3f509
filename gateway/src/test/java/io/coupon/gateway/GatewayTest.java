package io.coupon.gateway;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;

/**
 * The whole gateway on a random port, with Eureka off: each test class registers its coupon-api
 * replicas (stub servers) with the simple discovery client instead. Security is in trusted-header mode and the rate
 * limiter is off.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "eureka.client.enabled=false",
				// These tests are about routing: they believe the client's X-USER-ID and count nothing, so that they
				// need no tokens and no Redis. GatewaySecurityIntegrationTests covers the default jwt mode.
				"coupon.security.mode=trusted-header", "coupon.lab.unsafe-modes=true", "coupon.rate-limit.enabled=false",
				// Generous: a cold JVM on a busy two-core machine can take seconds on a first request.
				"spring.test.webtestclient.timeout=30s" })
@AutoConfigureWebTestClient
@interface GatewayTest {

}
