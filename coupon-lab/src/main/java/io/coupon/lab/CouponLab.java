package io.coupon.lab;

public final class CouponLab {

	public static void main(String[] args) {
		System.out.println("coupon lab");
	}

}
