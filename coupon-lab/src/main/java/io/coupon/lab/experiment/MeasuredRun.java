package io.coupon.lab.experiment;

/**
 * A cell's closed-model Gatling run, as its simulation and {@link CellMonitor} see it: where the load goes, how many
 * virtual users send it, when the measurement starts and ends, and the recorder its answers go to. Gatling
 * instantiates simulations by class name, so a simulation finds its run with {@link GatlingLoad#current(Class)}.
 * @param <R> what records the answers
 */
abstract class MeasuredRun<R extends MeasuredRun.Counts> implements GatlingLoad.Bridge {

	/** What every recorder counts as answers arrive, warm-up included: the progress line shows it. */
	interface Counts {

		long allRequests();

		long allErrors();

	}

	private final String baseUrl;

	private final int vusers;

	private final LoadClock clock;

	private volatile R recorder;

	MeasuredRun(String baseUrl, int vusers, LoadClock clock) {
		this.baseUrl = baseUrl;
		this.vusers = vusers;
		this.clock = clock;
	}

	/** The recorder of one run, created as it begins. */
	abstract R newRecorder(long measureStartNanos, int timelineSeconds);

	final String baseUrl() {
		return this.baseUrl;
	}

	final int vusers() {
		return this.vusers;
	}

	/** Starts the clock: called as Gatling builds the simulation, just before the virtual users start. */
	final void begin() {
		this.clock.start();
		this.recorder = newRecorder(this.clock.measureStartNanos(), this.clock.timelineSeconds());
	}

	/** Valid once {@link #started()}. */
	final LoadClock clock() {
		return this.clock;
	}

	/** Set once {@link #begin()} ran. */
	final R recorder() {
		return this.recorder;
	}

	@Override
	public final boolean started() {
		return this.recorder != null;
	}

	/** Requests answered (or given up) so far, warm-up included. */
	final long answersSoFar() {
		return this.recorder.allRequests();
	}

	/** Of those, the errors. */
	final long errorsSoFar() {
		return this.recorder.allErrors();
	}

	/** Virtual users start no request after the end, and finish the one they sent. */
	final boolean running() {
		return this.clock.running();
	}

}
