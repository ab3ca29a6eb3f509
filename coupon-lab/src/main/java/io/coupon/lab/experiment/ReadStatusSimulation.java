package io.coupon.lab.experiment;

import java.util.List;

import io.gatling.javaapi.core.CheckBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpRequestActionBuilder;

import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * The read-status scenario, as ngrinder/read-status.groovy runs it: a fixed number of virtual users, each on its own
 * connection, each iteration reading the coupon's counts and then one random user's issue status, the next iteration
 * as soon as the last was answered (a closed model), until the run ends.
 * <p>
 * Gatling reports 200, and 404 for the status read, as OK; the lab's own record ({@link ReadRun}) tells every
 * outcome apart, as the script's report does.
 */
public class ReadStatusSimulation extends Simulation {

	public ReadStatusSimulation() {
		ReadRun run = GatlingLoad.current(ReadRun.class);
		ScenarioBuilder reads = scenario("read-status").exec(asLongAs((session) -> run.running())
			.on(exec(run::beforeIteration), exec(couponCountsRead()), exec(run::afterCountsRead),
					exec(issueStatusRead()), exec(run::afterStatusRead)));
		run.begin();
		setUp(reads.injectOpen(GatlingLoad.arrivals(run.vusers(), run.clock().coldWarmup())))
			.protocols(GatlingLoad.protocol(run.baseUrl()));
	}

	// The scenario's two requests, the one place they are built.

	static HttpRequestActionBuilder couponCountsRead() {
		return http("#{" + LoadRun.PHASE + "} " + ReadRequest.COUPON_COUNTS.label())
			.get("/api/v1/coupons/#{" + LoadRun.COUPON + "}")
			.header("Authorization", "#{" + LoadRun.AUTHORIZATION + "}")
			.check(answerSaved())
			.check(status().is(200));
	}

	static HttpRequestActionBuilder issueStatusRead() {
		return http("#{" + LoadRun.PHASE + "} " + ReadRequest.ISSUE_STATUS.label())
			.get("/api/v1/coupons/#{" + LoadRun.COUPON + "}/issues/#{" + LoadRun.USER + "}")
			.header("Authorization", "#{" + LoadRun.AUTHORIZATION + "}")
			.check(answerSaved())
			.check(status().in(200, 404));
	}

	// Saved before the validation: a failing validation must not hide the status from the record.
	private static List<CheckBuilder> answerSaved() {
		return List.of(status().saveAs(LoadRun.STATUS), responseTimeInMillis().saveAs(LoadRun.LATENCY),
				header("X-Instance-Id").optional().saveAs(LoadRun.INSTANCE), bodyString().saveAs(LoadRun.BODY));
	}

}
