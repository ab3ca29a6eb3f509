package io.coupon.worker;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class CouponWorkerApplication {

	public static void main(String[] args) {
		SpringApplication.run(CouponWorkerApplication.class, args);
	}

}
