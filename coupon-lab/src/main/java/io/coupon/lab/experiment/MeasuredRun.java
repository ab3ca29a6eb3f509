package io.coupon.lab.experiment;

/** A cell's Gatling run as {@link CellMonitor} watches it: its clock, and what it has answered so far. */
interface MeasuredRun extends GatlingLoad.Bridge {

	/** Valid once {@link #started()}. */
	LoadClock clock();

	/** Requests answered (or given up) so far, warm-up included. */
	long answersSoFar();

	/** Of those, the errors. */
	long errorsSoFar();

}
