package io.coupon.lab.experiment;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
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
		HttpProtocolBuilder protocol = http.baseUrl(run.baseUrl())
			// By default Gatling first calls an outside site to warm itself up; this network is closed.
			.disableWarmUp()
			.disableCaching()
			.disableFollowRedirect()
			.acceptHeader("application/json, application/problem+json");
		ScenarioBuilder issue = scenario("issue").exec(asLongAs((session) -> run.running())
			.on(exec(run::beforeRequest),
					exec(http("#{" + LoadRun.PHASE + "}")
						.post("/api/v1/coupons/#{" + LoadRun.COUPON + "}/issue")
						.header("X-USER-ID", "#{" + LoadRun.USER + "}")
						// Saved first: a failing validation below must not hide the status from the record.
						.check(status().saveAs(LoadRun.STATUS), responseTimeInMillis().saveAs(LoadRun.LATENCY),
								header("X-Instance-Id").optional().saveAs(LoadRun.INSTANCE),
								bodyString().saveAs(LoadRun.BODY), status().in(201, 409))),
					exec(run::afterResponse)));
		run.begin();
		setUp(issue.injectOpen(atOnceUsers(run.vusers()))).protocols(protocol);
	}

}
