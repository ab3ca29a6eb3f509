package io.coupon.api.issue;

import java.net.URI;

import io.coupon.api.support.Ids;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/api/v1/coupons/{couponId}", produces = MediaType.APPLICATION_JSON_VALUE)
class IssueController {

	static final String USER_HEADER = "X-USER-ID";

	private final IssueService service;

	private final IssueBulkhead bulkhead;

	IssueController(IssueService service, IssueBulkhead bulkhead) {
		this.service = service;
		this.bulkhead = bulkhead;
	}

	/** The request has no body; the user is named by the header (the gateway will set it from a verified token). */
	@PostMapping("/issue")
	ResponseEntity<IssueResponse> issue(@PathVariable String couponId,
			@RequestHeader(name = USER_HEADER, required = false) String userId) {
		long coupon = Ids.couponId(couponId);
		long user = Ids.userId(userId);
		IssueResponse issued = this.bulkhead.run(() -> this.service.issue(coupon, user));
		return ResponseEntity.created(URI.create("/api/v1/coupons/" + coupon + "/issues/" + user)).body(issued);
	}

	@GetMapping("/issues/{userId}")
	IssueStatusResponse status(@PathVariable String couponId, @PathVariable String userId) {
		return this.service.status(Ids.couponId(couponId), Ids.userId(userId));
	}

}
