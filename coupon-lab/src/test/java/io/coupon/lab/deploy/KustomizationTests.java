package io.coupon.lab.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The renderer renders each Kustomize feature deploy/kubernetes uses as kustomize does, and refuses the rest. */
class KustomizationTests {

	@TempDir
	Path dir;

	@Test
	void shouldRenderResourcesPatchesImagesNamespaceAndSecretsAsKustomizeDoes() throws IOException {
		write("base/kustomization.yaml", """
				namespace: shop
				resources: [app.yaml, ns.yaml]
				""");
		write("base/ns.yaml", "{apiVersion: v1, kind: Namespace, metadata: {name: shop}}");
		write("base/app.yaml", """
				apiVersion: apps/v1
				kind: Deployment
				metadata: {name: app}
				spec:
				  template:
				    spec:
				      containers:
				        - name: app
				          image: shop/app:local
				          args: [--a, --b]
				          env: [{name: A, value: "1"}, {name: B, value: "2"}]
				          ports: [{containerPort: 8080, name: http}]
				        - {name: sidecar, image: busybox:1}
				---
				apiVersion: v1
				kind: Service
				metadata: {name: app}
				spec:
				  ports: [{port: 80, targetPort: http}]
				""");
		write("overlay/kustomization.yaml", """
				namespace: shop
				resources: [../base]
				patches: [{path: patch.yaml}]
				images: [{name: shop/app, newName: registry.example.com/shop/app, newTag: "1.2"}]
				secretGenerator: [{name: keys, envs: [keys.env]}]
				generatorOptions: {disableNameSuffixHash: true}
				""");
		write("overlay/patch.yaml", """
				apiVersion: apps/v1
				kind: Deployment
				metadata: {name: app}
				spec:
				  replicas: 3
				  template:
				    spec:
				      containers:
				        - name: app
				          args: [--c]
				          env: [{name: B, value: "3"}, {name: C, value: "4"}]
				""");
		write("overlay/keys.env", "# a comment\nKEY=v=1\n\n");

		List<Map<String, Object>> rendered = Kustomization.fromDisk().render(this.dir.resolve("overlay"));

		Map<String, Object> deployment = rendered.getFirst();
		assertThat(deployment).extracting("metadata").isEqualTo(Map.of("name", "app", "namespace", "shop"));
		Map<?, ?> spec = (Map<?, ?>) deployment.get("spec");
		assertThat(spec.get("replicas")).isEqualTo(3);
		List<?> containers = (List<?>) ((Map<?, ?>) ((Map<?, ?>) spec.get("template")).get("spec")).get("containers");
		assertThat(containers).as("containers merge by name").hasSize(2);
		Map<?, ?> app = (Map<?, ?>) containers.getFirst();
		assertThat(app.get("args")).as("a list without a merge key is replaced").isEqualTo(List.of("--c"));
		assertThat(app.get("env")).as("env merges by name").isEqualTo(List.of(Map.of("name", "A", "value", "1"),
				Map.of("name", "B", "value", "3"), Map.of("name", "C", "value", "4")));
		assertThat(app.get("image")).isEqualTo("registry.example.com/shop/app:1.2");
		assertThat(((Map<?, ?>) containers.get(1)).get("image")).isEqualTo("busybox:1");
		assertThat(rendered.get(2)).as("a cluster-scoped Namespace keeps no namespace")
			.isEqualTo(Map.of("apiVersion", "v1", "kind", "Namespace", "metadata", Map.of("name", "shop")));
		Map<String, Object> secret = rendered.getLast();
		assertThat(secret).containsEntry("kind", "Secret")
			.containsEntry("metadata", Map.of("name", "keys", "namespace", "shop"))
			.containsEntry("data", Map.of("KEY", Base64.getEncoder().encodeToString("v=1".getBytes(StandardCharsets.UTF_8))));
	}

	@Test
	void shouldRefuseWhatItCannotRenderExactly() throws IOException {
		write("a/kustomization.yaml", "resources: [app.yaml]\ncommonLabels: {team: x}\n");
		write("a/app.yaml", "{apiVersion: v1, kind: Service, metadata: {name: app}}");
		assertThatIllegalArgumentException().isThrownBy(() -> Kustomization.fromDisk().render(this.dir.resolve("a")))
			.withMessageContaining("unsupported kustomization fields [commonLabels]");

		write("b/kustomization.yaml", "resources: [app.yaml]\nsecretGenerator: [{name: s, envs: [s.env]}]\n");
		write("b/app.yaml", "{apiVersion: v1, kind: Service, metadata: {name: app}}");
		assertThatIllegalArgumentException().isThrownBy(() -> Kustomization.fromDisk().render(this.dir.resolve("b")))
			.withMessageContaining("disableNameSuffixHash");

		write("c/kustomization.yaml", "resources: [app.yaml]\npatches: [{path: p.yaml}]\n");
		write("c/app.yaml", "{apiVersion: v1, kind: Service, metadata: {name: app}}");
		write("c/p.yaml", "{apiVersion: v1, kind: Service, metadata: {name: ap}}");
		assertThatIllegalArgumentException().isThrownBy(() -> Kustomization.fromDisk().render(this.dir.resolve("c")))
			.withMessageContaining("A patch of Service ap matches 0 resources");

		write("d/kustomization.yaml", "resources: [app.yaml, app.yaml]\n");
		write("d/app.yaml", "{apiVersion: v1, kind: Service, metadata: {name: app}}");
		assertThatIllegalArgumentException().isThrownBy(() -> Kustomization.fromDisk().render(this.dir.resolve("d")))
			.withMessageContaining("Service/null/app is declared twice");
	}

	@Test
	void shouldDeleteAKeyPatchedToNullAndRefuseDirectives() {
		assertThat(StrategicMerge.merge(Map.of("a", 1, "b", 2), java.util.Collections.singletonMap("b", null)))
			.isEqualTo(Map.of("a", 1));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> StrategicMerge.merge(Map.of("a", 1), Map.of("$patch", "replace")))
			.withMessageContaining("$patch");
	}

	private void write(String name, String text) throws IOException {
		Path file = this.dir.resolve(name);
		Files.createDirectories(file.getParent());
		Files.writeString(file, text);
	}

}
