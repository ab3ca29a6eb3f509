package io.coupon.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The AOT cache's bookkeeping: which jar and flags a service starts with, and when a cache goes stale. */
class AotCacheTests {

	@TempDir
	Path project;

	Path stateDir;

	Path jar;

	AotCache cache;

	@BeforeEach
	void layout() throws IOException {
		this.stateDir = this.project.resolve(".coupon");
		this.jar = ProjectLayout.serviceJar(this.project, "coupon-api");
		Files.createDirectories(this.jar.getParent());
		Files.writeString(this.jar, "the jar as built");
		this.cache = new AotCache(this.stateDir, this.project, "coupon-api");
	}

	@Test
	void shouldStartFromTheJarWithoutFlagsWhenNeverTrained() {
		AotCache.Launch launch = this.cache.launch();

		assertThat(launch.status()).isEqualTo(AotCache.Status.NONE);
		assertThat(launch.jvmFlags()).isEmpty();
		assertThat(launch.jar()).isEqualTo(this.jar);
	}

	@Test
	void shouldRecordDuringTrainingAndUseTheCacheOnceTrained() throws IOException {
		simulateTrainingStart();

		AotCache.Launch training = this.cache.launch();
		assertThat(training.status()).isEqualTo(AotCache.Status.TRAINING);
		assertThat(training.jvmFlags()).containsExactly("-XX:AOTCacheOutput=" + this.cache.cacheFile());
		assertThat(training.jar()).isEqualTo(this.cache.extractedJar());

		Files.writeString(this.cache.cacheFile(), "what the JVM wrote at exit");
		assertThat(this.cache.finishTraining()).isTrue();

		AotCache.Launch trained = this.cache.launch();
		assertThat(trained.status()).isEqualTo(AotCache.Status.FRESH);
		assertThat(trained.jvmFlags()).containsExactly("-XX:AOTCache=" + this.cache.cacheFile());
		assertThat(trained.jar()).as("the extracted jar the cache was trained with").isEqualTo(this.cache.extractedJar());
	}

	@Test
	void shouldGoStaleWhenTheJarChangesAndStartFromTheNewJar() throws IOException {
		simulateTrainingStart();
		Files.writeString(this.cache.cacheFile(), "cache");
		this.cache.finishTraining();

		Files.writeString(this.jar, "the jar rebuilt with other code");

		AotCache.Launch launch = this.cache.launch();
		assertThat(launch.status()).isEqualTo(AotCache.Status.STALE);
		assertThat(launch.jvmFlags()).isEmpty();
		assertThat(launch.jar()).as("never the old extracted code").isEqualTo(this.jar);
	}

	@Test
	void shouldStayFreshWhenTheJarIsRebuiltWithTheSameBytes() throws IOException {
		simulateTrainingStart();
		Files.writeString(this.cache.cacheFile(), "cache");
		this.cache.finishTraining();

		Files.delete(this.jar);
		Files.writeString(this.jar, "the jar as built");

		assertThat(this.cache.status()).isEqualTo(AotCache.Status.FRESH);
	}

	@Test
	void shouldLeaveNoCacheWhenTheTrainingWroteNone() throws IOException {
		simulateTrainingStart();

		assertThat(this.cache.finishTraining()).isFalse();

		assertThat(this.cache.status()).isEqualTo(AotCache.Status.NONE);
		assertThat(this.cache.launch().jar()).isEqualTo(this.jar);
	}

	@Test
	void shouldDropAHalfWrittenCacheWhenATrainingIsAbandoned() throws IOException {
		simulateTrainingStart();
		Files.writeString(this.cache.cacheFile(), "half written");

		this.cache.abandonTraining();

		assertThat(this.cache.cacheFile()).doesNotExist();
		assertThat(this.cache.status()).isEqualTo(AotCache.Status.NONE);
	}

	@Test
	void shouldBelongToTheJarExtractedForTheTrainingEvenIfTheJarChangedDuringIt() throws IOException {
		simulateTrainingStart();
		Files.writeString(this.jar, "rebuilt while the training ran");
		Files.writeString(this.cache.cacheFile(), "cache of the extracted code");

		this.cache.finishTraining();

		assertThat(this.cache.status()).isEqualTo(AotCache.Status.STALE);
	}

	/** What prepareTraining leaves, without a real Spring Boot jar to extract. */
	private void simulateTrainingStart() throws IOException {
		Files.createDirectories(this.cache.extractedJar().getParent());
		Files.writeString(this.cache.extractedJar(), "extracted");
		Files.writeString(this.cache.trainingMarker(), AotCache.sha256(this.jar));
	}

}
