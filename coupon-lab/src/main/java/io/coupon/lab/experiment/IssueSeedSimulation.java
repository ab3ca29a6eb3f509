package io.coupon.lab.experiment;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

/**
 * A read-status cell's preparation: a few virtual users issue the cell's coupon to a fixed list of users, each once,
 * with {@link IssueSimulation#issueRequest()}, through the same target as the reads. See {@link IssueSeed}.
 */
public class IssueSeedSimulation extends Simulation {

	public IssueSeedSimulation() {
		IssueSeed seed = GatlingLoad.current(IssueSeed.class);
		ScenarioBuilder issue = scenario("seed").exec(exec(seed::assignUsers),
				asLongAs(seed::hasNextUser).on(exec(seed::beforeRequest), exec(IssueSimulation.issueRequest()),
						exec(seed::afterResponse)));
		seed.begin();
		setUp(issue.injectOpen(atOnceUsers(seed.vusers()))).protocols(GatlingLoad.protocol(seed.baseUrl()));
	}

}
