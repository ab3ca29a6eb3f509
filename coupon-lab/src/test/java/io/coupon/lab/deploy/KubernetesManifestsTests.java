package io.coupon.lab.deploy;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules of {@link KubernetesRules} on both overlays' rendered output, each shown failing once on a deliberately
 * broken copy, so that no rule passes by reading nothing.
 */
class KubernetesManifestsTests {

	private static final Manifests LOCAL = KubernetesManifests.local();

	private static final Manifests PRODUCTION = KubernetesManifests.production();

	private static final String API_CONTAINER = "spec.template.spec.containers[0]";

	@Test
	void shouldMatchEverySelectorToThePodsItMeans() {
		assertHolds(KubernetesRules::selectorsMatchPodLabels);
		assertBreaks(KubernetesRules::selectorsMatchPodLabels,
				LOCAL.with("Service", "gateway", (service) -> service.set("spec.selector", Map.of("app.kubernetes.io/name", "gatway"))),
				"Service gateway selects no pod");
		assertBreaks(KubernetesRules::selectorsMatchPodLabels,
				LOCAL.with("Deployment", "coupon-api", (deployment) -> deployment.set("spec.selector.matchLabels",
						Map.of("app.kubernetes.io/name", "coupon-api", "tier", "api"))),
				"Deployment coupon-api: its selector does not match its pod labels");
		assertBreaks(KubernetesRules::selectorsMatchPodLabels,
				LOCAL.with("NetworkPolicy", "mysql-ingress", (policy) -> policy.set("spec.ingress[0].from[1].podSelector",
						Map.of("matchLabels", Map.of("app.kubernetes.io/name", "worker")))),
				"NetworkPolicy mysql-ingress admits pods that do not exist");
	}

	@Test
	void shouldTargetExistingWorkloadsWithAutoscalersAndBudgetsThatLeaveRoomToDrain() {
		assertHolds(KubernetesRules::autoscalersAndBudgetsFitTheirWorkloads);
		assertBreaks(KubernetesRules::autoscalersAndBudgetsFitTheirWorkloads,
				LOCAL.with("HorizontalPodAutoscaler", "gateway", (hpa) -> hpa.set("spec.scaleTargetRef.name", "gateways")),
				"HorizontalPodAutoscaler gateway scales apps/v1 Deployment gateways, which does not exist");
		assertBreaks(KubernetesRules::autoscalersAndBudgetsFitTheirWorkloads,
				PRODUCTION.with("PodDisruptionBudget", "coupon-api", (pdb) -> pdb.set("spec.minAvailable", 6)),
				"PodDisruptionBudget coupon-api: minAvailable 6 of at least 6 replicas blocks every eviction");
		assertBreaks(KubernetesRules::autoscalersAndBudgetsFitTheirWorkloads,
				LOCAL.with("Deployment", "coupon-api", (deployment) -> deployment.set("spec.replicas", 3)),
				"Deployment coupon-api sets replicas");
		assertBreaks(KubernetesRules::autoscalersAndBudgetsFitTheirWorkloads,
				LOCAL.with("Deployment", "gateway", (deployment) -> deployment.remove(API_CONTAINER + ".resources.requests")),
				"HorizontalPodAutoscaler gateway scales on cpu, which gateway does not request");
		assertBreaks(KubernetesRules::autoscalersAndBudgetsFitTheirWorkloads,
				LOCAL.without("PodDisruptionBudget", "coupon-worker"), "coupon-worker has no PodDisruptionBudget");
	}

	@Test
	void shouldProbeTheHealthGroupsOnThePortEachServiceListensOn() {
		assertHolds(KubernetesRules::probesHitWhatTheServicesServe);
		assertBreaks(KubernetesRules::probesHitWhatTheServicesServe,
				LOCAL.with("Deployment", "coupon-api", (deployment) -> deployment
					.set(API_CONTAINER + ".readinessProbe.httpGet.path", "/actuator/health")),
				"the readiness probe asks /actuator/health, not /actuator/health/readiness");
		assertBreaks(KubernetesRules::probesHitWhatTheServicesServe,
				LOCAL.with("Deployment", "coupon-worker", (deployment) -> deployment
					.set(API_CONTAINER + ".ports[0].containerPort", 8080)),
				"is not the port coupon-worker listens on, 8090");
		assertBreaks(KubernetesRules::probesHitWhatTheServicesServe,
				LOCAL.with("Deployment", "gateway", (deployment) -> deployment.set(API_CONTAINER + ".env[1].value", "false")),
				"the liveness and readiness groups are not enabled");
		assertBreaks(KubernetesRules::probesHitWhatTheServicesServe,
				PRODUCTION.with("Deployment", "coupon-api", (deployment) -> deployment.set(API_CONTAINER + ".env[15]",
						Map.of("name", "COUPON_WARM_UP", "value", "false"))),
				"coupon-api would go ready cold: coupon.warm-up.enabled is false");
		assertBreaks(KubernetesRules::probesHitWhatTheServicesServe,
				LOCAL.with("StatefulSet", "redis", (statefulSet) -> statefulSet.remove(API_CONTAINER + ".livenessProbe")),
				"StatefulSet redis container redis needs a readiness and a liveness probe");
	}

	@Test
	void shouldSetEveryVariableTheServicesReadAndNoneThatNothingReads() {
		assertHolds(KubernetesRules::everyVariableTheServicesReadIsSet);
		assertBreaks(KubernetesRules::everyVariableTheServicesReadIsSet,
				LOCAL.with("Deployment", "coupon-worker", (deployment) -> deployment.set(API_CONTAINER + ".env[3].name",
						"DB_USER")),
				"coupon-worker: DB_USERNAME is not set", "DB_USER is read by nothing");
		assertBreaks(KubernetesRules::everyVariableTheServicesReadIsSet,
				LOCAL.with("ConfigMap", "coupon-infrastructure", (configMap) -> configMap.set("data.COUPON_REDIS_URL",
						"redis://valkey:6379")),
				"gateway: spring.data.redis.url = redis://valkey:6379 names no host it runs");
		assertBreaks(KubernetesRules::everyVariableTheServicesReadIsSet,
				PRODUCTION.with("Deployment", "gateway", (deployment) -> deployment.set(API_CONTAINER + ".env[7].valueFrom",
						Map.of("secretKeyRef", Map.of("name", "coupon-secrets", "key", "JWT_SECRET")))),
				"COUPON_JWT_SECRET refers to nothing");
	}

	@Test
	void shouldSetEveryVariableTheComposeFileSetsWithItsSafeValues() {
		ComposeFile compose = DeploymentFiles.compose();
		assertThat(KubernetesRules.composeEnvironmentIsMirrored(LOCAL, compose)).as("the local overlay").isEmpty();
		assertThat(KubernetesRules.composeEnvironmentIsMirrored(PRODUCTION, compose)).as("the production overlay").isEmpty();
		assertThat(KubernetesRules.composeEnvironmentIsMirrored(LOCAL.with("Deployment", "coupon-api",
				(api) -> api.set(API_CONTAINER + ".env[13].name", "COUPON_STRATEGY")), compose))
			.anySatisfy((problem) -> assertThat(problem)
				.contains("coupon-api: COUPON_ISSUE_STRATEGY is set by docker/compose.yaml, not here"));
		assertThat(KubernetesRules.composeEnvironmentIsMirrored(PRODUCTION.with("Deployment", "gateway",
				(gateway) -> gateway.set(API_CONTAINER + ".env[8].value", "true")), compose))
			.anySatisfy((problem) -> assertThat(problem)
				.contains("gateway: COUPON_LAB_UNSAFE_MODES is true, docker/compose.yaml's false"));
		assertThat(KubernetesRules.composeEnvironmentIsMirrored(LOCAL.with("StatefulSet", "kafka",
				(kafka) -> kafka.set(API_CONTAINER + ".env[10]", Map.of("name", "KAFKA_NUM_PARTITIONS", "value", "6"))),
				compose))
			.anySatisfy((problem) -> assertThat(problem)
				.contains("StatefulSet kafka container kafka: KAFKA_NUM_PARTITIONS is 6, docker/compose.yaml's 1"));
	}

	@Test
	void shouldTakeTheJwtKeyAndEveryPasswordFromASecret() {
		assertHolds(KubernetesRules::secretsComeFromSecrets);
		assertBreaks(KubernetesRules::secretsComeFromSecrets,
				LOCAL.with("Deployment", "gateway", (deployment) -> deployment.set(API_CONTAINER + ".env[7]",
						Map.of("name", "COUPON_JWT_SECRET", "value", "a-key-written-into-the-manifest-0123456789"))),
				"COUPON_JWT_SECRET is not taken from a Secret");
		assertBreaks(KubernetesRules::secretsComeFromSecrets,
				LOCAL.with("Deployment", "coupon-api", (deployment) -> deployment.set(API_CONTAINER + ".env[7].value",
						"http://eureka:hunter2@discovery-server:8761/eureka/")),
				"EUREKA_URL carries credentials not taken from a Secret");
		assertThat(KubernetesManifests.files()).as("no Secret is written in the repository")
			.allSatisfy((file) -> assertThat(DeploymentFiles.read(file)).doesNotContain("kind: Secret"));
		assertThat(DeploymentFiles.read(RepositoryFiles.root().resolve(".gitignore")).lines().toList())
			.contains("deploy/kubernetes/overlays/local/secrets.env");
	}

	@Test
	void shouldRunTheComposeFilesImages() {
		ComposeFile compose = DeploymentFiles.compose();
		assertThat(KubernetesRules.imagesAreTheComposeFilesImages(LOCAL, compose, false)).isEmpty();
		assertThat(KubernetesRules.imagesAreTheComposeFilesImages(PRODUCTION, compose, true)).isEmpty();
		assertThat(KubernetesRules.imagesAreTheComposeFilesImages(
				LOCAL.with("StatefulSet", "kafka", (kafka) -> kafka.set(API_CONTAINER + ".image", "apache/kafka:3.9.0")),
				compose, false))
			.singleElement().asString().contains("apache/kafka:3.9.0 is not the compose file's apache/kafka:4.1.2");
		assertThat(KubernetesRules.imagesAreTheComposeFilesImages(
				PRODUCTION.with("Deployment", "coupon-api", (api) -> api.set(API_CONTAINER + ".image",
						"registry.example.com/coupon-platform/coupon-api:latest")),
				compose, true))
			.singleElement().asString().contains("at a release tag");
	}

	@Test
	void shouldRunNoContainerAsRoot() {
		assertHolds(KubernetesRules::noContainerRunsAsRoot);
		assertBreaks(KubernetesRules::noContainerRunsAsRoot,
				LOCAL.with("StatefulSet", "mysql", (mysql) -> mysql.remove("spec.template.spec.securityContext.runAsUser")),
				"StatefulSet mysql container mysql: runs as uid null");
		assertBreaks(KubernetesRules::noContainerRunsAsRoot,
				LOCAL.with("Deployment", "gateway", (gateway) -> gateway.set(API_CONTAINER + ".securityContext.runAsUser", 0)),
				"Deployment gateway container gateway: runs as uid 0");
	}

	@Test
	void shouldRequestAndLimitCpuAndMemoryForEveryContainer() {
		assertHolds(KubernetesRules::everyContainerHasRequestsAndLimits);
		assertBreaks(KubernetesRules::everyContainerHasRequestsAndLimits,
				LOCAL.with("StatefulSet", "redis", (redis) -> redis.remove(API_CONTAINER + ".resources.limits.memory")),
				"StatefulSet redis container redis: no memory limit");
		assertBreaks(KubernetesRules::everyContainerHasRequestsAndLimits,
				LOCAL.with("Deployment", "coupon-api", (api) -> api.set(API_CONTAINER + ".resources.requests.cpu", "3")),
				"Deployment coupon-api container coupon-api: its cpu request exceeds its limit");
	}

	@Test
	void shouldGiveEveryServiceTheShutdownItsTimeoutsAndMeasurementsNeed() {
		assertHolds(KubernetesRules::gracefulShutdownFitsTheConfiguredTimeouts);
		assertBreaks(KubernetesRules::gracefulShutdownFitsTheConfiguredTimeouts,
				LOCAL.with("Deployment", "coupon-api", (api) -> api.set(API_CONTAINER + ".lifecycle.preStop.exec.command",
						List.of(KubernetesRules.PRE_STOP_SCRIPT, "3"))),
				"the preStop hook waits 3 s, less than the gateways' 6 s of registry fetch and load-balancer cache");
		assertBreaks(KubernetesRules::gracefulShutdownFitsTheConfiguredTimeouts,
				LOCAL.with("Deployment", "coupon-api", (api) -> api.set("spec.template.spec.terminationGracePeriodSeconds", 20)),
				"terminationGracePeriodSeconds 20 is less than the 28 s its shutdown takes");
		assertBreaks(KubernetesRules::gracefulShutdownFitsTheConfiguredTimeouts,
				LOCAL.with("Deployment", "gateway", (gateway) -> gateway.remove(API_CONTAINER + ".lifecycle")),
				"the preStop hook is not sleep <seconds>");
		assertThat(DeploymentFiles.read(RepositoryFiles.docker().resolve("Dockerfile")))
			.as("the preStop hook's script is in the image")
			.contains("COPY --chmod=0755 docker/eureka-out-of-service " + KubernetesRules.PRE_STOP_SCRIPT);
	}

	@Test
	void shouldRegisterEachReplicaInEurekaByItsPodIpAndItsOwnId() {
		assertHolds(KubernetesRules::replicasRegisterByPodIp);
		assertBreaks(KubernetesRules::replicasRegisterByPodIp,
				LOCAL.with("Deployment", "coupon-api", (api) -> api.remove(API_CONTAINER + ".env[4].valueFrom")),
				"does not register in Eureka with its pod IP");
		assertBreaks(KubernetesRules::replicasRegisterByPodIp,
				LOCAL.with("Deployment", "coupon-api", (api) -> api.set(API_CONTAINER + ".env[3].value", "coupon-api:8080")),
				"its Eureka instance id coupon-api:8080 is every replica's");
	}

	@Test
	void shouldAdmitTrafficOnlyFromTheServicesThatNeedIt() {
		assertHolds(KubernetesRules::networkPoliciesAdmitOnlyWhoNeedsIt);
		assertBreaks(KubernetesRules::networkPoliciesAdmitOnlyWhoNeedsIt,
				LOCAL.with("NetworkPolicy", "coupon-api-ingress", (policy) -> policy.remove("spec.ingress[0].from")),
				"Deployment coupon-api admits [*], not [gateway, namespace:monitoring]");
		assertBreaks(KubernetesRules::networkPoliciesAdmitOnlyWhoNeedsIt,
				LOCAL.with("NetworkPolicy", "redis-ingress", (policy) -> policy.set("spec.ingress[0].from[1].podSelector",
						Map.of("matchLabels", Map.of("app.kubernetes.io/name", "coupon-worker")))),
				"StatefulSet redis admits [coupon-api, coupon-worker], not [coupon-api, gateway]");
		assertBreaks(KubernetesRules::networkPoliciesAdmitOnlyWhoNeedsIt,
				LOCAL.without("NetworkPolicy", "default-deny-ingress"), "no NetworkPolicy denies ingress by default");
	}

	@Test
	void shouldLetTrafficInThroughTheGatewaysIngressAlone() {
		assertHolds(KubernetesRules::onlyTheGatewayIsReachableFromOutside);
		assertBreaks(KubernetesRules::onlyTheGatewayIsReachableFromOutside,
				LOCAL.with("Service", "discovery-server", (service) -> service.set("spec.type", "LoadBalancer")),
				"Service discovery-server is of type LoadBalancer");
		assertBreaks(KubernetesRules::onlyTheGatewayIsReachableFromOutside,
				LOCAL.with("StatefulSet", "mysql", (mysql) -> mysql.set(API_CONTAINER + ".ports[0].hostPort", 3306)),
				"StatefulSet mysql container mysql is reachable on its node's address");
	}

	@Test
	void shouldAnnotateEverySpringPodForPrometheus() {
		assertHolds(KubernetesRules::prometheusScrapesEverySpringService);
		assertBreaks(KubernetesRules::prometheusScrapesEverySpringService,
				LOCAL.with("Deployment", "discovery-server", (deployment) -> deployment
					.set("spec.template.metadata.annotations", Map.of("prometheus.io/scrape", "true", "prometheus.io/port",
							"8080", "prometheus.io/path", "/actuator/prometheus"))),
				"prometheus.io/port is 8080, not 8761");
	}

	private static void assertHolds(Function<Manifests, List<String>> rule) {
		assertThat(rule.apply(LOCAL)).as("the local overlay").isEmpty();
		assertThat(rule.apply(PRODUCTION)).as("the production overlay").isEmpty();
	}

	private static void assertBreaks(Function<Manifests, List<String>> rule, Manifests broken, String... expected) {
		List<String> problems = rule.apply(broken);
		for (String problem : expected) {
			assertThat(problems).as("the broken copy's problems").anySatisfy((found) -> assertThat(found).contains(problem));
		}
	}

}
