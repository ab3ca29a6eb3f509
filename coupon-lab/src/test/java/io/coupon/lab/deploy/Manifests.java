package io.coupon.lab.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import org.yaml.snakeyaml.Yaml;

/**
 * An overlay's rendered output: the documents as {@code kubectl apply -k} would send them, each read strictly into
 * the Kubernetes API model ({@link KubernetesModel}). {@link #with} makes a broken copy for the tests of each rule.
 *
 * @param documents the rendered documents
 * @param resources the same, as the Kubernetes API model
 * @param externalSecrets the Secrets the overlay expects to exist already, by name, with their keys
 */
record Manifests(List<Map<String, Object>> documents, List<HasMetadata> resources,
		Map<String, List<String>> externalSecrets) {

	static Manifests of(List<Map<String, Object>> documents, Map<String, List<String>> externalSecrets) {
		return new Manifests(documents, documents.stream().map(KubernetesModel::read).toList(), externalSecrets);
	}

	<T extends HasMetadata> List<T> all(Class<T> type) {
		return this.resources.stream().filter(type::isInstance).map(type::cast).toList();
	}

	<T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
		return all(type).stream().filter((resource) -> resource.getMetadata().getName().equals(name)).findFirst();
	}

	/** The Deployments and StatefulSets. */
	List<Workload> workloads() {
		List<Workload> workloads = new ArrayList<>();
		all(Deployment.class).forEach((deployment) -> workloads.add(new Workload("Deployment",
				deployment.getMetadata().getName(), deployment.getSpec().getSelector(),
				deployment.getSpec().getTemplate(), deployment.getSpec().getReplicas())));
		all(StatefulSet.class).forEach((statefulSet) -> workloads.add(new Workload("StatefulSet",
				statefulSet.getMetadata().getName(), statefulSet.getSpec().getSelector(),
				statefulSet.getSpec().getTemplate(), statefulSet.getSpec().getReplicas())));
		return workloads;
	}

	Optional<Workload> workload(String kind, String name) {
		return workloads().stream().filter((workload) -> workload.kind().equals(kind) && workload.name().equals(name))
			.findFirst();
	}

	/** A copy with one rendered document changed, read into the model again. */
	Manifests with(String kind, String name, Consumer<Document> change) {
		Yaml yaml = new Yaml();
		List<Map<String, Object>> copy = new ArrayList<>();
		boolean found = false;
		for (Map<String, Object> document : this.documents) {
			Map<String, Object> copied = StrategicMerge.cast(yaml.load(yaml.dump(document)));
			if (document.get("kind").equals(kind) && ((Map<?, ?>) document.get("metadata")).get("name").equals(name)) {
				change.accept(new Document(copied));
				found = true;
			}
			copy.add(copied);
		}
		if (!found) {
			throw new IllegalArgumentException("No " + kind + " " + name);
		}
		return of(copy, this.externalSecrets);
	}

	/** A copy without one rendered document. */
	Manifests without(String kind, String name) {
		return of(this.documents.stream()
			.filter((document) -> !(document.get("kind").equals(kind)
					&& ((Map<?, ?>) document.get("metadata")).get("name").equals(name)))
			.toList(), this.externalSecrets);
	}

	record Workload(String kind, String name, LabelSelector selector, PodTemplateSpec template, Integer replicas) {

	}

	/** A rendered document to break, addressed by dotted paths with list indices: {@code spec.template.spec.containers[0].image}. */
	record Document(Map<String, Object> root) {

		@SuppressWarnings("unchecked")
		void set(String path, Object value) {
			String last = last(path);
			int bracket = last.indexOf('[');
			if (bracket < 0) {
				parent(path).put(last, value);
			}
			else {
				((List<Object>) parent(path).get(last.substring(0, bracket)))
					.set(Integer.parseInt(last.substring(bracket + 1, last.length() - 1)), value);
			}
		}

		void remove(String path) {
			parent(path).remove(last(path));
		}

		@SuppressWarnings("unchecked")
		private Map<String, Object> parent(String path) {
			Object node = this.root;
			String[] steps = path.split("\\.");
			for (int i = 0; i < steps.length - 1; i++) {
				node = step(node, steps[i]);
			}
			return (Map<String, Object>) node;
		}

		private static Object step(Object node, String step) {
			int bracket = step.indexOf('[');
			Object child = ((Map<?, ?>) node).get((bracket < 0) ? step : step.substring(0, bracket));
			if (bracket >= 0) {
				child = ((List<?>) child).get(Integer.parseInt(step.substring(bracket + 1, step.length() - 1)));
			}
			if (child == null) {
				throw new IllegalArgumentException("No " + step);
			}
			return child;
		}

		private static String last(String path) {
			return path.substring(path.lastIndexOf('.') + 1);
		}

	}

}
