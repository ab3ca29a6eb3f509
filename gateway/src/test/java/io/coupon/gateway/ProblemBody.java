package io.coupon.gateway;

/**
 * The RFC 9457 fields a client of the gateway relies on.
 */
record ProblemBody(String type, String title, int status, String detail, String instance) {

}
