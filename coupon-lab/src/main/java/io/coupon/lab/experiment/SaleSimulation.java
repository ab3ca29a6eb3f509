package io.coupon.lab.experiment;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.scenario;

/**
 * A sale as it arrives (an open model, {@link SaleRun}): each user arrives once, sends one issue request (the same
 * request as {@link IssueSimulation}'s), and sends it again after a backoff while the answer is a 502, 503, 504 or
 * nothing, at most {@link SaleOptions#retries()} times. Each user has its own connection, as separate clients do.
 */
public class SaleSimulation extends Simulation {

	public SaleSimulation() {
		SaleRun run = SaleRun.current();
		ScenarioBuilder sale = scenario("sale").exec(run::arrive)
			.exec(asLongAs(run::wantsAnotherAttempt).on(pause(run::backoff), exec(run::beforeAttempt),
					exec(IssueSimulation.issueRequest()), exec(run::afterAttempt)));
		run.begin();
		setUp(sale.injectOpen(run.arrivals())).protocols(GatlingLoad.protocol(run.baseUrl()));
	}

}
