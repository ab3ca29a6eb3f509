package io.coupon.lab.experiment;

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
 * The issue scenario, as nGrinder's vusers run it (ngrinder/issue-unique-users.groovy and issue-user-pool.groovy): a
 * fixed number of virtual users, each on its own connection, each sending its next issue request as soon as the last
 * one was answered (a closed model), until the run ends.
 * <p>
 * Gatling reports 201 and 409 (already issued, sold out: the right answers of a sale) as OK and everything else as
 * KO; the lab's own record ({@link LoadRun}) tells every outcome apart.
 */
public class IssueSimulation extends Simulation {

	public IssueSimulation() {
		LoadRun run = LoadRun.current();
		ScenarioBuilder issue = scenario("issue").exec(asLongAs((session) -> run.running())
			.on(exec(run::beforeRequest), exec(issueRequest()), exec(run::afterResponse)));
		run.begin();
		setUp(issue.injectOpen(GatlingLoad.arrivals(run.vusers(), run.clock().coldWarmup())))
			.protocols(GatlingLoad.protocol(run.baseUrl()));
	}

	/**
	 * The issue request, the one place it is built (the read-status scenario's seed sends it too): the session's
	 * {@link LoadRun#PHASE} names it, {@link LoadRun#COUPON}, {@link LoadRun#USER} and the user's token
	 * ({@link LoadRun#AUTHORIZATION}) fill it, and the answer is
	 * saved under {@link LoadRun#STATUS}, {@link LoadRun#LATENCY}, {@link LoadRun#INSTANCE} and {@link LoadRun#BODY}.
	 */
	static HttpRequestActionBuilder issueRequest() {
		return http("#{" + LoadRun.PHASE + "}").post("/api/v1/coupons/#{" + LoadRun.COUPON + "}/issue")
			.header("Authorization", "#{" + LoadRun.AUTHORIZATION + "}")
			.header("X-USER-ID", "#{" + LoadRun.USER + "}")
			// Saved first: a failing validation below must not hide the status from the record.
			.check(status().saveAs(LoadRun.STATUS), responseTimeInMillis().saveAs(LoadRun.LATENCY),
					header("X-Instance-Id").optional().saveAs(LoadRun.INSTANCE), bodyString().saveAs(LoadRun.BODY),
					status().in(201, 409));
	}

}
