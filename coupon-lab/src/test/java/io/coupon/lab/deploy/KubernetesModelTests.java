package io.coupon.lab.deploy;

import java.nio.file.Path;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Every file of deploy/kubernetes, and each overlay's rendered output, reads into the Kubernetes API model with no
 * field and no kind the model does not know.
 */
class KubernetesModelTests {

	@Test
	void shouldReadEveryManifestAndPatchIntoTheKubernetesModel() {
		assertThat(KubernetesManifests.files()).as("the manifests and patches of deploy/kubernetes").hasSizeGreaterThan(10);
		for (Path file : KubernetesManifests.files()) {
			for (Object document : new Yaml().loadAll(DeploymentFiles.read(file))) {
				assertThat(KubernetesModel.read(StrategicMerge.cast((Map<?, ?>) document))).as(file.toString())
					.isNotNull();
			}
		}
	}

	@Test
	void shouldReadEachOverlaysRenderedOutputIntoTheKubernetesModel() {
		assertThat(KubernetesManifests.local().resources()).as("local").hasSizeGreaterThan(20);
		assertThat(KubernetesManifests.production().resources()).as("production").hasSizeGreaterThan(15);
	}

	@Test
	void shouldRefuseAnUnknownFieldWhereverItIs() {
		Map<String, Object> deployment = StrategicMerge.cast(new Yaml().load("""
				apiVersion: apps/v1
				kind: Deployment
				metadata:
				  name: broken
				spec:
				  selector:
				    matchLabels: {app: x}
				  template:
				    metadata:
				      labels: {app: x}
				    spec:
				      containers:
				        - name: x
				          image: x:1
				          readinessProbe:
				            httpGet:
				              path: /actuator/health/readiness
				              prot: 8080
				"""));
		assertThatIllegalArgumentException().isThrownBy(() -> KubernetesModel.read(deployment))
			.withMessageContaining("unknown fields [spec.template.spec.containers[0].readinessProbe.httpGet.prot]");

		Map<String, Object> valid = StrategicMerge.cast(new Yaml().load(new Yaml().dump(deployment)
			.replace("prot:", "port:")));
		assertThat(KubernetesModel.read(valid)).isInstanceOf(Deployment.class);
	}

	@Test
	void shouldRefuseAKindOrAnApiVersionTheApiDoesNotHave() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> KubernetesModel.read(Map.of("apiVersion", "apps/v1", "kind", "Deploymnet", "metadata",
					Map.of("name", "x"))))
			.withMessageContaining("not a kind of the Kubernetes API");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> KubernetesModel.read(Map.of("apiVersion", "extensions/v1beta1", "kind", "Deployment",
					"metadata", Map.of("name", "x"))))
			.withMessageContaining("not a kind of the Kubernetes API");
		assertThat(KubernetesModel.read(Map.of("apiVersion", "v1", "kind", "Service", "metadata", Map.of("name", "x"))))
			.isInstanceOf(Service.class);
	}

	@Test
	void shouldRefuseAValueOfTheWrongType() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> KubernetesModel.read(Map.of("apiVersion", "apps/v1", "kind", "Deployment", "metadata",
					Map.of("name", "x"), "spec", Map.of("replicas", "two"))))
			.withMessageContaining("apps/v1 Deployment x");
	}

}
