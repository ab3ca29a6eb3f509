package io.coupon.lab.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.coupon.lab.check.Outcome;
import io.coupon.lab.experiment.LoadResult;

/**
 * What one case measured.
 *
 * @param label the case, as the report names it
 * @param path what stood between the load and the stand-in
 * @param jar {@code candidate}, {@code baseline} or null (see {@link BenchCase})
 * @param seconds the measured duration
 * @param answers requests that got an HTTP answer during the measurement
 * @param non2xx answers whose status was not 2xx
 * @param timeouts requests that got no answer in time (or whose connection broke)
 * @param p50Millis median latency of the answers
 * @param p99Millis 99th percentile latency of the answers
 * @param cpuMicros CPU time (user + system) each process used during the measurement, in µs, by name: gateway,
 * stand-in, nginx, load generator
 */
record BenchResult(String label, BenchCase.Path path, String jar, double seconds, long answers, long non2xx,
		long timeouts, long p50Millis, long p99Millis, Map<String, Long> cpuMicros) {

	static BenchResult of(BenchCase benchCase, LoadResult load, Map<String, Duration> cpu) {
		long timeouts = load.count(Outcome.TIMED_OUT);
		long answers = load.total() - timeouts;
		Map<String, Long> micros = new LinkedHashMap<>();
		cpu.forEach((process, used) -> micros.put(process, used.toNanos() / 1000));
		return new BenchResult(benchCase.label(), benchCase.path(), benchCase.jar(), load.seconds(), answers,
				answers - load.count(Outcome.ISSUED), timeouts, load.latencies().p50(), load.latencies().p99(), micros);
	}

	double answersPerSecond() {
		return this.answers / this.seconds;
	}

	/** The CPU µs one process spent per answer; empty when it was not measured or nothing was answered. */
	Optional<Double> cpuPerAnswer(String process) {
		Long micros = this.cpuMicros.get(process);
		return (micros == null || this.answers == 0) ? Optional.empty()
				: Optional.of(micros / (double) this.answers);
	}

	/** The CPU per answer of the process this case prices: the gateway, nginx, or the stand-in when direct. */
	Optional<Double> proxyCpuPerAnswer() {
		return cpuPerAnswer(this.path.process());
	}

}
