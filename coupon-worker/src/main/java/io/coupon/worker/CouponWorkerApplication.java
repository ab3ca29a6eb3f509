package io.coupon.worker;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class CouponWorkerApplication {

	public static void main(String[] args) {
		SpringApplication.run(CouponWorkerApplication.class, args);
	}

}
