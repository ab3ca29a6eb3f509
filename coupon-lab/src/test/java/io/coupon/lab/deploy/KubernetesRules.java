package io.coupon.lab.deploy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * The rules a reviewer checks on the Kubernetes manifests, each a function from an overlay's rendered output to the
 * ways it breaks the rule (none when it holds). What each rule says and why: docs/deploy.md, "How the manifests are
 * checked".
 */
final class KubernetesRules {

	/**
	 * Measured seconds from SIGTERM to exit, rounded up (docs/deploy.md, "Graceful shutdown"): coupon-api under load,
	 * the others idle.
	 */
	static final Map<String, Integer> MEASURED_SHUTDOWN_SECONDS = Map.of("coupon-api", 12, "gateway", 5,
			"coupon-worker", 4, "discovery-server", 2);

	/** Properties that application.yml does not mention and that the manifests set through variables. */
	static final Set<String> PROPERTIES_SET_BY_VARIABLES = Set.of("spring.profiles.active",
			"management.endpoint.health.probes.enabled", "eureka.instance.ip-address");

	static final String PRE_STOP_SCRIPT = "/usr/local/bin/eureka-out-of-service";

	/** A host and port, as in {@code 1@kafka:9093}: where compose and a cluster name things differently. */
	private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9.-]+:[0-9]+");

	private KubernetesRules() {
	}

	/** A container of a workload, with the Spring module it runs (null for Redis, Kafka, MySQL). */
	record Pod(Manifests.Workload workload, Container container, String module) {

		String name() {
			return this.workload.kind() + " " + this.workload.name() + " container " + this.container.getName();
		}

	}

	static List<Pod> pods(Manifests manifests) {
		List<String> modules = DeploymentFiles.springBootModules();
		List<Pod> pods = new ArrayList<>();
		for (Manifests.Workload workload : manifests.workloads()) {
			for (Container container : workload.template().getSpec().getContainers()) {
				String repository = repository(container.getImage());
				String module = modules.stream().filter((each) -> repository.endsWith("coupon-platform/" + each))
					.findFirst()
					.orElse(null);
				pods.add(new Pod(workload, container, module));
			}
		}
		return pods;
	}

	static List<Pod> springPods(Manifests manifests) {
		return pods(manifests).stream().filter((pod) -> pod.module() != null).toList();
	}

	/** The Spring configuration a pod's service runs with: the docker profile, with what its variables set. */
	static SpringConfig config(Pod pod, Map<String, String> environment) {
		return DeploymentFiles.dockerProfile(pod.module()).boundTo(environment, PROPERTIES_SET_BY_VARIABLES);
	}

	static Map<String, String> environment(Pod pod, Manifests manifests) {
		return PodEnvironment.of(pod.container(), manifests, new ArrayList<>());
	}

	// ---- selectors ----

	static List<String> selectorsMatchPodLabels(Manifests manifests) {
		List<String> problems = new ArrayList<>();
		for (Manifests.Workload workload : manifests.workloads()) {
			if (!matches(workload.selector(), workload.template().getMetadata().getLabels())) {
				problems.add(workload.kind() + " " + workload.name() + ": its selector does not match its pod labels");
			}
		}
		for (Service service : manifests.all(Service.class)) {
			Map<String, String> selector = service.getSpec().getSelector();
			List<Manifests.Workload> selected = selected(manifests, new LabelSelector(null, selector));
			if (selector == null || selected.isEmpty()) {
				problems.add("Service " + service.getMetadata().getName() + " selects no pod");
				continue;
			}
			service.getSpec().getPorts().forEach((port) -> selected.forEach((workload) -> {
				if (containerPort(workload, port.getTargetPort()).isEmpty()) {
					problems.add("Service " + service.getMetadata().getName() + ": target port "
							+ port.getTargetPort().getValue() + " is no port of " + workload.name());
				}
			}));
		}
		for (NetworkPolicy policy : manifests.all(NetworkPolicy.class)) {
			LabelSelector podSelector = policy.getSpec().getPodSelector();
			if (!isEmpty(podSelector) && selected(manifests, podSelector).isEmpty()) {
				problems.add("NetworkPolicy " + policy.getMetadata().getName() + " applies to no pod");
			}
			for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
				for (NetworkPolicyPeer peer : rule.getFrom()) {
					if (peer.getPodSelector() != null && selected(manifests, peer.getPodSelector()).isEmpty()) {
						problems.add("NetworkPolicy " + policy.getMetadata().getName() + " admits pods that do not exist: "
								+ peer.getPodSelector().getMatchLabels());
					}
				}
			}
		}
		for (Ingress ingress : manifests.all(Ingress.class)) {
			ingress.getSpec().getRules().forEach((rule) -> rule.getHttp().getPaths().forEach((path) -> {
				var backend = path.getBackend().getService();
				Optional<Service> service = manifests.find(Service.class, backend.getName());
				if (service.isEmpty() || service.get().getSpec().getPorts().stream()
					.noneMatch((port) -> Objects.equals(port.getName(), backend.getPort().getName())
							|| Objects.equals(port.getPort(), backend.getPort().getNumber()))) {
					problems.add("Ingress " + ingress.getMetadata().getName() + " routes to a service port that does not exist: "
							+ backend.getName());
				}
			}));
		}
		return problems;
	}

	// ---- autoscalers and disruption budgets ----

	static List<String> autoscalersAndBudgetsFitTheirWorkloads(Manifests manifests) {
		List<String> problems = new ArrayList<>();
		Map<String, Integer> floors = new LinkedHashMap<>();
		for (HorizontalPodAutoscaler autoscaler : manifests.all(HorizontalPodAutoscaler.class)) {
			String name = "HorizontalPodAutoscaler " + autoscaler.getMetadata().getName();
			var target = autoscaler.getSpec().getScaleTargetRef();
			Optional<Manifests.Workload> workload = manifests.workload(target.getKind(), target.getName());
			if (workload.isEmpty() || !"apps/v1".equals(target.getApiVersion())) {
				problems.add(name + " scales " + target.getApiVersion() + " " + target.getKind() + " " + target.getName()
						+ ", which does not exist");
				continue;
			}
			Integer min = autoscaler.getSpec().getMinReplicas();
			if (min == null || min < 1 || min > autoscaler.getSpec().getMaxReplicas()) {
				problems.add(name + ": minReplicas " + min + " is not between 1 and maxReplicas");
			}
			if (workload.get().replicas() != null) {
				problems.add(workload.get().kind() + " " + target.getName() + " sets replicas, which `kubectl apply` would "
						+ "reset under its autoscaler");
			}
			if (autoscaler.getSpec().getMetrics().isEmpty()) {
				problems.add(name + " has no metric");
			}
			for (MetricSpec metric : autoscaler.getSpec().getMetrics()) {
				if (metric.getResource() != null) {
					String resource = metric.getResource().getName();
					for (Container container : workload.get().template().getSpec().getContainers()) {
						if (container.getResources() == null || container.getResources().getRequests() == null
								|| !container.getResources().getRequests().containsKey(resource)) {
							problems.add(name + " scales on " + resource + ", which " + container.getName()
									+ " does not request: its utilisation is undefined");
						}
					}
				}
			}
			floors.put(target.getKind() + "/" + target.getName(), (min != null) ? min : 1);
		}
		for (String scaled : List.of("coupon-api", "gateway")) {
			if (!floors.containsKey("Deployment/" + scaled)) {
				problems.add("Deployment " + scaled + " has no autoscaler");
			}
		}
		Set<String> budgeted = new TreeSet<>();
		for (PodDisruptionBudget budget : manifests.all(PodDisruptionBudget.class)) {
			String name = "PodDisruptionBudget " + budget.getMetadata().getName();
			List<Manifests.Workload> selected = selected(manifests, budget.getSpec().getSelector());
			if (selected.size() != 1) {
				problems.add(name + " selects " + selected.size() + " workloads, not one");
				continue;
			}
			Manifests.Workload workload = selected.getFirst();
			budgeted.add(workload.name());
			int floor = floors.getOrDefault(workload.kind() + "/" + workload.name(),
					(workload.replicas() != null) ? workload.replicas() : 1);
			IntOrString minAvailable = budget.getSpec().getMinAvailable();
			IntOrString maxUnavailable = budget.getSpec().getMaxUnavailable();
			if (minAvailable != null && count(minAvailable, floor) >= floor) {
				problems.add(name + ": minAvailable " + minAvailable.getValue() + " of at least " + floor
						+ " replicas blocks every eviction (a node drain would hang)");
			}
			if (maxUnavailable != null && count(maxUnavailable, floor) < 1) {
				problems.add(name + ": maxUnavailable " + maxUnavailable.getValue() + " allows no eviction");
			}
			if ((minAvailable == null) == (maxUnavailable == null)) {
				problems.add(name + " needs exactly one of minAvailable and maxUnavailable");
			}
		}
		for (String disrupted : List.of("coupon-api", "gateway", "coupon-worker")) {
			if (!budgeted.contains(disrupted)) {
				problems.add(disrupted + " has no PodDisruptionBudget");
			}
		}
		return problems;
	}

	/** An integer, or a percentage of the replicas rounded up, as the disruption controller counts both. */
	private static int count(IntOrString value, int replicas) {
		if (value.getIntVal() != null) {
			return value.getIntVal();
		}
		return (int) Math.ceil(Double.parseDouble(value.getStrVal().replace("%", "")) * replicas / 100);
	}

	// ---- probes ----

	static List<String> probesHitWhatTheServicesServe(Manifests manifests) {
		List<String> problems = new ArrayList<>();
		for (Pod pod : pods(manifests)) {
			Container container = pod.container();
			if (container.getReadinessProbe() == null || container.getLivenessProbe() == null) {
				problems.add(pod.name() + " needs a readiness and a liveness probe");
				continue;
			}
			if (pod.module() == null) {
				continue;
			}
			Map<String, String> environment = environment(pod, manifests);
			SpringConfig config = config(pod, environment);
			String port = config.resolve("server.port", environment).value();
			String health = basePath(config, environment) + "/health";
			if (!exposes(config, environment, "health")) {
				problems.add(pod.name() + ": " + pod.module() + " does not expose its health endpoint");
			}
			if (!"true".equals(config.properties().get("management.endpoint.health.probes.enabled"))) {
				problems.add(pod.name() + ": the liveness and readiness groups are not enabled "
						+ "(management.endpoint.health.probes.enabled)");
			}
			// Readiness waits for a warm-up only when there is one: coupon-api and the gateway must not go ready cold.
			if (config.properties().containsKey("coupon.warm-up.enabled")
					&& !"true".equals(config.resolve("coupon.warm-up.enabled", environment).value())) {
				problems.add(pod.name() + ": " + pod.module() + " would go ready cold: coupon.warm-up.enabled is "
						+ config.resolve("coupon.warm-up.enabled", environment).value());
			}
			Map<String, Probe> probes = new LinkedHashMap<>();
			probes.put(health + "/liveness startup", container.getStartupProbe());
			probes.put(health + "/readiness readiness", container.getReadinessProbe());
			probes.put(health + "/liveness liveness", container.getLivenessProbe());
			probes.forEach((expected, probe) -> {
				String path = expected.split(" ")[0];
				String kind = expected.split(" ")[1];
				HTTPGetAction get = (probe != null) ? probe.getHttpGet() : null;
				if (get == null) {
					problems.add(pod.name() + " needs an HTTP " + kind + " probe on " + path);
					return;
				}
				if (!path.equals(get.getPath())) {
					problems.add(pod.name() + ": the " + kind + " probe asks " + get.getPath() + ", not " + path);
				}
				Optional<ContainerPort> probed = containerPort(pod.container(), get.getPort());
				if (probed.isEmpty() || !String.valueOf(probed.get().getContainerPort()).equals(port)) {
					problems.add(pod.name() + ": the " + kind + " probe's port " + get.getPort().getValue()
							+ " is not the port " + pod.module() + " listens on, " + port);
				}
			});
		}
		return problems;
	}

	// ---- environment ----

	static List<String> everyVariableTheServicesReadIsSet(Manifests manifests) {
		List<String> problems = new ArrayList<>();
		for (Pod pod : springPods(manifests)) {
			Map<String, String> environment = PodEnvironment.of(pod.container(), manifests, problems);
			SpringConfig config = config(pod, environment);
			if (!String.valueOf(environment.get("SPRING_PROFILES_ACTIVE")).contains("docker")) {
				problems.add(pod.name() + ": the docker profile is not active");
			}
			problems.addAll(ServiceEnvironment.problems(pod.module(), config, environment,
					(host) -> host.contains(".") || manifests.find(Service.class, host).isPresent()));
			Set<String> read = new TreeSet<>();
			config.properties().forEach((property, value) -> {
				read.add(SpringConfig.environmentName(property));
				Matcher placeholder = Pattern.compile("\\$\\{([A-Z_][A-Z0-9_]*)").matcher(value);
				while (placeholder.find()) {
					read.add(placeholder.group(1));
				}
			});
			PROPERTIES_SET_BY_VARIABLES.forEach((property) -> read.add(SpringConfig.environmentName(property)));
			pod.container().getEnv().forEach((variable) -> {
				if (variable.getValue() != null) {
					read.addAll(PodEnvironment.references(variable.getValue()));
				}
			});
			pod.container().getEnv().stream()
				.map(EnvVar::getName)
				.filter((name) -> !read.contains(name))
				.forEach((name) -> problems.add(pod.name() + ": " + name + " is read by nothing"));
		}
		return problems;
	}

	/**
	 * Each container gets every variable docker/compose.yaml gives the same service (a Spring module, or Redis, Kafka
	 * and MySQL by their workload's name), so that the two ways to run the suite configure it alike; a variable
	 * compose only passes through from the shell, unvalued, is optional. Where the compose file's value names no
	 * address and no secret, the pod's is the same: the docker profile, the database account, the broker's settings
	 * and the safe defaults of the switches, such as {@code ${COUPON_LAB_UNSAFE_MODES:-false}}.
	 */
	static List<String> composeEnvironmentIsMirrored(Manifests manifests, ComposeFile compose) {
		List<String> problems = new ArrayList<>();
		for (Pod pod : pods(manifests)) {
			String service = (pod.module() != null) ? pod.module() : pod.workload().name();
			if (!compose.services().containsKey(service)) {
				continue;
			}
			Map<String, String> environment = PodEnvironment.of(pod.container(), manifests, new ArrayList<>());
			compose.service(service).environment().forEach((name, value) -> {
				if (value == null) {
					return;
				}
				if (!environment.containsKey(name)) {
					problems.add(pod.name() + ": " + name + " is set by docker/compose.yaml, not here");
					return;
				}
				String composed = ComposeFile.interpolate(value);
				boolean address = composed.contains("://") || ADDRESS.matcher(composed).find();
				if (!composed.contains("<") && !address && !composed.equals(environment.get(name))) {
					problems.add(pod.name() + ": " + name + " is " + environment.get(name) + ", docker/compose.yaml's "
							+ composed);
				}
			});
		}
		return problems;
	}

	/** The JWT key, the passwords and the registry's credentials come from a Secret, never from the manifests. */
	static List<String> secretsComeFromSecrets(Manifests manifests) {
		List<String> problems = new ArrayList<>();
		for (Pod pod : pods(manifests)) {
			Map<String, EnvVar> variables = new LinkedHashMap<>();
			pod.container().getEnv().forEach((variable) -> variables.put(variable.getName(), variable));
			variables.values().forEach((variable) -> {
				boolean fromSecret = variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null;
				if (DeploymentFiles.SECRET_NAME.matcher(variable.getName()).matches() && !fromSecret) {
					problems.add(pod.name() + ": " + variable.getName() + " is not taken from a Secret");
				}
				if (variable.getValue() != null && variable.getValue().matches("[a-z]+://[^/]*@.*")) {
					Matcher credentials = Pattern.compile("://\\$\\(([A-Z_]+)\\):\\$\\(([A-Z_]+)\\)@")
						.matcher(variable.getValue());
					boolean secret = credentials.find() && Stream.of(credentials.group(1), credentials.group(2))
						.allMatch((name) -> variables.containsKey(name) && variables.get(name).getValueFrom() != null
								&& variables.get(name).getValueFrom().getSecretKeyRef() != null);
					if (!secret) {
						problems.add(pod.name() + ": " + variable.getName() + " carries credentials not taken from a Secret");
					}
				}
			});
		}
		return problems;
	}

	// ---- images ----

	static List<String> imagesAreTheComposeFilesImages(Manifests manifests, ComposeFile compose, boolean fromRegistry) {
		List<String> problems = new ArrayList<>();
		for (Pod pod : pods(manifests)) {
			String image = pod.container().getImage();
			if (pod.module() == null) {
				String expected = compose.services().containsKey(pod.workload().name())
						? compose.service(pod.workload().name()).string("image") : null;
				if (!image.equals(expected)) {
					problems.add(pod.name() + ": " + image + " is not the compose file's " + expected);
				}
				continue;
			}
			String composed = compose.service(pod.module()).string("image");
			if (!fromRegistry && !image.equals(composed)) {
				problems.add(pod.name() + ": " + image + " is not the compose file's " + composed);
			}
			if (fromRegistry && (!repository(image).endsWith("/" + repository(composed)) || image.endsWith(":local")
					|| image.endsWith(":latest") || !image.contains(":"))) {
				problems.add(pod.name() + ": " + image + " is not the compose file's " + repository(composed)
						+ " from a registry, at a release tag");
			}
		}
		return problems;
	}

	private static String repository(String image) {
		int colon = image.lastIndexOf(':');
		return (colon > image.lastIndexOf('/')) ? image.substring(0, colon) : image;
	}

	// ---- containers ----

	static List<String> noContainerRunsAsRoot(Manifests manifests) {
		List<String> problems = new ArrayList<>();
		for (Pod pod : pods(manifests)) {
			PodSecurityContext podContext = pod.workload().template().getSpec().getSecurityContext();
			SecurityContext context = pod.container().getSecurityContext();
			Boolean nonRoot = firstSet((context != null) ? context.getRunAsNonRoot() : null,
					(podContext != null) ? podContext.getRunAsNonRoot() : null);
			Long user = firstSet((context != null) ? context.getRunAsUser() : null,
					(podContext != null) ? podContext.getRunAsUser() : null);
			if (!Boolean.TRUE.equals(nonRoot)) {
				problems.add(pod.name() + ": runAsNonRoot is not true");
			}
			// A named USER in the image cannot be checked by the kubelet: a numeric uid must be given.
			if (user == null || user == 0) {
				problems.add(pod.name() + ": runs as uid " + user + ", not a numeric non-root uid");
			}
			if (context == null || !Boolean.FALSE.equals(context.getAllowPrivilegeEscalation())) {
				problems.add(pod.name() + ": allowPrivilegeEscalation is not false");
			}
		}
		return problems;
	}

	static List<String> everyContainerHasRequestsAndLimits(Manifests manifests) {
		List<String> problems = new ArrayList<>();
		for (Pod pod : pods(manifests)) {
			var resources = pod.container().getResources();
			for (String resource : List.of("cpu", "memory")) {
				Quantity request = (resources != null) ? resources.getRequests().get(resource) : null;
				Quantity limit = (resources != null) ? resources.getLimits().get(resource) : null;
				if (request == null || limit == null) {
					problems.add(pod.name() + ": no " + resource + ((request == null) ? " request" : " limit"));
				}
				else if (request.getNumericalAmount().compareTo(limit.getNumericalAmount()) > 0) {
					problems.add(pod.name() + ": its " + resource + " request exceeds its limit");
				}
			}
		}
		return problems;
	}

	// ---- graceful shutdown ----

	/**
	 * coupon-api leaves Eureka before SIGTERM and waits until the gateways cannot have routed to it since; every Spring
	 * service's grace period covers its preStop hook, its longest request in flight and its measured shutdown.
	 */
	static List<String> gracefulShutdownFitsTheConfiguredTimeouts(Manifests manifests) {
		List<String> problems = new ArrayList<>();
		SpringConfig gateway = DeploymentFiles.dockerProfile("gateway");
		SpringConfig api = DeploymentFiles.dockerProfile("coupon-api");
		Duration gatewayStaleness = Duration.ofSeconds(
				Long.parseLong(gateway.properties().get("eureka.client.registry-fetch-interval-seconds")))
			.plus(duration(gateway.properties().get("spring.cloud.loadbalancer.cache.ttl")));
		Map<String, Duration> inFlight = Map.of("coupon-api", duration(api.properties().get("coupon.issue.publish-timeout")),
				"gateway", duration(gateway.properties().get("spring.cloud.gateway.server.webflux.httpclient.response-timeout")),
				"coupon-worker", Duration.ZERO, "discovery-server", Duration.ZERO);
		for (Pod pod : springPods(manifests)) {
			var lifecycle = pod.container().getLifecycle();
			List<String> preStop = (lifecycle != null && lifecycle.getPreStop() != null
					&& lifecycle.getPreStop().getExec() != null) ? lifecycle.getPreStop().getExec().getCommand() : List.of();
			long waits = 0;
			if (pod.module().equals("coupon-api")) {
				if (preStop.size() != 2 || !preStop.getFirst().equals(PRE_STOP_SCRIPT)) {
					problems.add(pod.name() + ": the preStop hook is not " + PRE_STOP_SCRIPT + " <seconds>");
					continue;
				}
				waits = Long.parseLong(preStop.get(1));
				if (waits < gatewayStaleness.toSeconds()) {
					problems.add(pod.name() + ": the preStop hook waits " + waits + " s, less than the gateways' "
							+ gatewayStaleness.toSeconds() + " s of registry fetch and load-balancer cache");
				}
			}
			else if (pod.module().equals("gateway")) {
				if (preStop.size() != 2 || !preStop.getFirst().equals("sleep")) {
					problems.add(pod.name() + ": the preStop hook is not sleep <seconds>");
					continue;
				}
				waits = Long.parseLong(preStop.get(1));
			}
			long needed = waits + inFlight.get(pod.module()).toSeconds() + MEASURED_SHUTDOWN_SECONDS.get(pod.module());
			Long grace = pod.workload().template().getSpec().getTerminationGracePeriodSeconds();
			if (grace == null || grace < needed) {
				problems.add(pod.name() + ": terminationGracePeriodSeconds " + grace + " is less than the " + needed
						+ " s its shutdown takes");
			}
		}
		return problems;
	}

	/** coupon-api registers in Eureka with its pod IP and an id of its own, the one its preStop hook names. */
	static List<String> replicasRegisterByPodIp(Manifests manifests) {
		List<String> problems = new ArrayList<>();
		for (Pod pod : springPods(manifests)) {
			if (!pod.module().equals("coupon-api")) {
				continue;
			}
			Map<String, String> environment = environment(pod, manifests);
			SpringConfig config = config(pod, environment);
			if (!"true".equals(config.resolve("eureka.instance.prefer-ip-address", environment).value())
					|| !config.properties().containsKey("eureka.instance.ip-address")
					|| !PodEnvironment.POD_IP.equals(config.resolve("eureka.instance.ip-address", environment).value())) {
				problems.add(pod.name() + ": does not register in Eureka with its pod IP");
			}
			String id = config.resolve("eureka.instance.instance-id", environment).value();
			if (!id.contains(PodEnvironment.POD_NAME)) {
				problems.add(pod.name() + ": its Eureka instance id " + id + " is every replica's");
			}
			if (!id.equals(environment.get("INSTANCE_ID"))) {
				problems.add(pod.name() + ": the preStop hook names INSTANCE_ID " + environment.get("INSTANCE_ID")
						+ ", not its Eureka instance id " + id);
			}
		}
		return problems;
	}

	// ---- network ----

	/**
	 * Ingress is denied unless allowed; coupon-api admits the gateway (and Prometheus) only; Redis, Kafka and MySQL
	 * admit exactly the services whose configuration connects to them.
	 */
	static List<String> networkPoliciesAdmitOnlyWhoNeedsIt(Manifests manifests) {
		List<String> problems = new ArrayList<>();
		boolean denyByDefault = manifests.all(NetworkPolicy.class).stream()
			.anyMatch((policy) -> isEmpty(policy.getSpec().getPodSelector())
					&& policy.getSpec().getPolicyTypes().contains("Ingress") && policy.getSpec().getIngress().isEmpty());
		if (!denyByDefault) {
			problems.add("no NetworkPolicy denies ingress by default");
		}
		Map<String, Set<String>> users = new LinkedHashMap<>();
		for (Pod pod : springPods(manifests)) {
			Map<String, String> environment = environment(pod, manifests);
			ServiceEnvironment.hosts(config(pod, environment), environment)
				.forEach((host) -> users.computeIfAbsent(host, (ignored) -> new TreeSet<>()).add(pod.workload().name()));
		}
		for (Manifests.Workload workload : manifests.workloads()) {
			Set<String> admitted = admitted(manifests, workload);
			Set<String> expected;
			if (workload.name().equals("gateway")) {
				expected = Set.of("*");
			}
			else if (workload.name().equals("coupon-api")) {
				expected = new TreeSet<>(Set.of("gateway", "namespace:monitoring"));
			}
			else if (workload.kind().equals("StatefulSet")) {
				expected = new TreeSet<>();
				for (Service service : manifests.all(Service.class)) {
					if (selected(manifests, new LabelSelector(null, service.getSpec().getSelector())).contains(workload)) {
						expected.addAll(users.getOrDefault(service.getMetadata().getName(), Set.of()));
					}
				}
			}
			else {
				continue;
			}
			if (!admitted.equals(expected)) {
				problems.add(workload.kind() + " " + workload.name() + " admits " + admitted + ", not " + expected);
			}
		}
		return problems;
	}

	/** The workloads (or {@code namespace:<name>}, or {@code *}) from which the policies let a workload be reached. */
	static Set<String> admitted(Manifests manifests, Manifests.Workload target) {
		Set<String> admitted = new TreeSet<>();
		for (NetworkPolicy policy : manifests.all(NetworkPolicy.class)) {
			if (isEmpty(policy.getSpec().getPodSelector()) || !matches(policy.getSpec().getPodSelector(),
					target.template().getMetadata().getLabels())) {
				continue;
			}
			for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
				if (rule.getFrom().isEmpty()) {
					admitted.add("*");
				}
				for (NetworkPolicyPeer peer : rule.getFrom()) {
					if (peer.getPodSelector() != null && peer.getNamespaceSelector() == null) {
						selected(manifests, peer.getPodSelector()).forEach((workload) -> admitted.add(workload.name()));
					}
					else if (peer.getNamespaceSelector() != null && peer.getPodSelector() == null) {
						admitted.add("namespace:"
								+ peer.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name"));
					}
					else {
						admitted.add("*");
					}
				}
			}
		}
		return admitted;
	}

	/** The gateway is the one way in: an Ingress to it, and no LoadBalancer, NodePort, host port or host network. */
	static List<String> onlyTheGatewayIsReachableFromOutside(Manifests manifests) {
		List<String> problems = new ArrayList<>();
		for (Service service : manifests.all(Service.class)) {
			String type = service.getSpec().getType();
			if (type != null && !type.equals("ClusterIP")) {
				problems.add("Service " + service.getMetadata().getName() + " is of type " + type);
			}
		}
		Set<String> routed = new LinkedHashSet<>();
		manifests.all(Ingress.class).forEach((ingress) -> ingress.getSpec().getRules().forEach((rule) ->
				rule.getHttp().getPaths().forEach((path) -> routed.add(path.getBackend().getService().getName()))));
		if (!routed.equals(Set.of("gateway"))) {
			problems.add("the Ingress routes to " + routed + ", not to the gateway alone");
		}
		for (Pod pod : pods(manifests)) {
			if (Boolean.TRUE.equals(pod.workload().template().getSpec().getHostNetwork())
					|| pod.container().getPorts().stream().anyMatch((port) -> port.getHostPort() != null)) {
				problems.add(pod.name() + " is reachable on its node's address");
			}
		}
		return problems;
	}

	// ---- metrics ----

	static List<String> prometheusScrapesEverySpringService(Manifests manifests) {
		List<String> problems = new ArrayList<>();
		for (Pod pod : springPods(manifests)) {
			Map<String, String> environment = environment(pod, manifests);
			SpringConfig config = config(pod, environment);
			Map<String, String> annotations = Objects.requireNonNullElse(
					pod.workload().template().getMetadata().getAnnotations(), Map.of());
			Map<String, String> expected = Map.of("prometheus.io/scrape", "true", "prometheus.io/port",
					config.resolve("server.port", environment).value(), "prometheus.io/path",
					basePath(config, environment) + "/prometheus");
			expected.forEach((annotation, value) -> {
				if (!value.equals(annotations.get(annotation))) {
					problems.add(pod.name() + ": " + annotation + " is " + annotations.get(annotation) + ", not " + value);
				}
			});
			if (!exposes(config, environment, "prometheus")) {
				problems.add(pod.name() + ": " + pod.module() + " does not expose /actuator/prometheus");
			}
		}
		return problems;
	}

	// ---- helpers ----

	private static String basePath(SpringConfig config, Map<String, String> environment) {
		return config.properties().containsKey("management.endpoints.web.base-path")
				? config.resolve("management.endpoints.web.base-path", environment).value() : "/actuator";
	}

	private static boolean exposes(SpringConfig config, Map<String, String> environment, String endpoint) {
		return List.of(config.resolve("management.endpoints.web.exposure.include", environment).value().split(","))
			.stream()
			.map(String::strip)
			.anyMatch((exposed) -> exposed.equals(endpoint) || exposed.equals("*"));
	}

	private static Optional<ContainerPort> containerPort(Manifests.Workload workload, IntOrString port) {
		return workload.template().getSpec().getContainers().stream()
			.map((container) -> containerPort(container, port))
			.flatMap(Optional::stream)
			.findFirst();
	}

	private static Optional<ContainerPort> containerPort(Container container, IntOrString port) {
		return container.getPorts().stream()
			.filter((declared) -> (port.getStrVal() != null) ? port.getStrVal().equals(declared.getName())
					: port.getIntVal().equals(declared.getContainerPort()))
			.findFirst();
	}

	private static List<Manifests.Workload> selected(Manifests manifests, LabelSelector selector) {
		return manifests.workloads().stream()
			.filter((workload) -> matches(selector, workload.template().getMetadata().getLabels()))
			.toList();
	}

	/** matchLabels only: a selector with matchExpressions matches nothing here, so that a rule never passes unread. */
	private static boolean matches(LabelSelector selector, Map<String, String> labels) {
		if (selector == null || selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty()
				|| (selector.getMatchExpressions() != null && !selector.getMatchExpressions().isEmpty())) {
			return false;
		}
		return labels != null && labels.entrySet().containsAll(selector.getMatchLabels().entrySet());
	}

	private static boolean isEmpty(LabelSelector selector) {
		return selector != null && (selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
				&& (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty());
	}

	/** A Spring Boot duration as application.yml writes them: 500ms, 6s, 2m. */
	static Duration duration(String value) {
		Matcher duration = Pattern.compile("(\\d+)(ms|s|m)").matcher(value);
		if (!duration.matches()) {
			throw new IllegalArgumentException("Not a duration in ms, s or m: " + value);
		}
		long amount = Long.parseLong(duration.group(1));
		return switch (duration.group(2)) {
			case "ms" -> Duration.ofMillis(amount);
			case "s" -> Duration.ofSeconds(amount);
			default -> Duration.ofMinutes(amount);
		};
	}

	@SafeVarargs
	private static <T> T firstSet(T... values) {
		return Stream.of(values).filter(Objects::nonNull).findFirst().orElse(null);
	}

}
