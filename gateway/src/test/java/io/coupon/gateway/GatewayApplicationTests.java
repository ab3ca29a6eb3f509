package io.coupon.gateway;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GatewayApplicationTests {

	private String saved;

	@BeforeEach
	void save() {
		this.saved = System.getProperty(GatewayApplication.ACCEPT_THREADS_PROPERTY);
	}

	@AfterEach
	void restore() {
		if (this.saved == null) {
			System.clearProperty(GatewayApplication.ACCEPT_THREADS_PROPERTY);
		}
		else {
			System.setProperty(GatewayApplication.ACCEPT_THREADS_PROPERTY, this.saved);
		}
	}

	@Test
	void reservesOneAcceptThreadByDefault() {
		System.clearProperty(GatewayApplication.ACCEPT_THREADS_PROPERTY);

		GatewayApplication.acceptOnItsOwnThread();

		assertThat(System.getProperty(GatewayApplication.ACCEPT_THREADS_PROPERTY)).isEqualTo("1");
	}

	@Test
	void keepsTheOperatorsChoice() {
		System.setProperty(GatewayApplication.ACCEPT_THREADS_PROPERTY, "-1");

		GatewayApplication.acceptOnItsOwnThread();

		assertThat(System.getProperty(GatewayApplication.ACCEPT_THREADS_PROPERTY)).isEqualTo("-1");
	}

}
