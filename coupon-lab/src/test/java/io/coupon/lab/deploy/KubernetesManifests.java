package io.coupon.lab.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * deploy/kubernetes: its files, and each overlay rendered. The local overlay's secrets.env is git-ignored; it is
 * rendered with one made from secrets.env.example, every empty value filled in.
 */
final class KubernetesManifests {

	/** The Secret the production overlay expects to find (docs/deploy.md, "Production"), with its keys. */
	static final Map<String, List<String>> PRODUCTION_SECRETS = Map.of("coupon-secrets",
			List.of("EUREKA_USERNAME", "EUREKA_PASSWORD", "DB_PASSWORD", "COUPON_JWT_SECRET"));

	private KubernetesManifests() {
	}

	static Path root() {
		return RepositoryFiles.root().resolve("deploy/kubernetes");
	}

	static Path localOverlay() {
		return root().resolve("overlays/local");
	}

	static Path productionOverlay() {
		return root().resolve("overlays/production");
	}

	/** Every manifest and patch: the YAML files other than the kustomizations. */
	static List<Path> files() {
		try (Stream<Path> files = Files.walk(root())) {
			return files.filter((file) -> file.toString().endsWith(".yaml"))
				.filter((file) -> !file.getFileName().toString().equals("kustomization.yaml"))
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static Manifests local() {
		Path secrets = localOverlay().resolve("secrets.env");
		Kustomization kustomization = new Kustomization((file) -> file.equals(secrets) ? exampleSecrets()
				: DeploymentFiles.read(file));
		return Manifests.of(kustomization.render(localOverlay()), Map.of());
	}

	static Manifests production() {
		return Manifests.of(Kustomization.fromDisk().render(productionOverlay()), PRODUCTION_SECRETS);
	}

	/** secrets.env.example with every empty value filled in, as its instructions say. */
	static String exampleSecrets() {
		return DeploymentFiles.read(localOverlay().resolve("secrets.env.example"))
			.lines()
			.map((line) -> line.matches("[A-Z_]+=") ? line + "generated-" + line.substring(0, line.length() - 1).toLowerCase()
					: line)
			.collect(Collectors.joining("\n"));
	}

}
