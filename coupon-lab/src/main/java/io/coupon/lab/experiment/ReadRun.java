package io.coupon.lab.experiment;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import io.coupon.lab.TokenMinter;
import io.coupon.lab.check.ReadOutcome;
import io.gatling.javaapi.core.Session;

/**
 * The bridge between the lab and {@link ReadStatusSimulation}, as {@link LoadRun} is for issue cells: what to read,
 * when the measurement starts and ends, and where to record the answers. The warm-up reads the measured coupon too:
 * reads change nothing, and warming the very path that is measured is the point of a warm-up.
 */
public final class ReadRun extends MeasuredRun<ReadRecorder> {

	static final String READ_PHASE = "read";

	private final long couponId;

	private final long users;

	private final TokenMinter tokens;

	/**
	 * @param baseUrl the gateway's or a replica's base URL
	 * @param couponId the coupon read
	 * @param users each status read is for a user drawn uniformly from {@code [1, users]}
	 * @param coldWarmup the first part of the warm-up, run by at most {@link GatlingLoad#COLD_VUSERS} virtual users
	 * (zero when the suite is warm)
	 * @param warmup the whole warm-up, the cold part included
	 * @param tokens mints the read user's token: the gateway shows a user's issuance to that user only
	 */
	public ReadRun(String baseUrl, int vusers, long couponId, long users, Duration coldWarmup, Duration warmup,
			Duration duration, TokenMinter tokens) {
		super(baseUrl, vusers, new LoadClock(coldWarmup, warmup, duration));
		this.tokens = tokens;
		this.couponId = couponId;
		this.users = users;
	}

	@Override
	ReadRecorder newRecorder(long measureStartNanos, int timelineSeconds) {
		return new ReadRecorder(measureStartNanos, timelineSeconds);
	}

	/** Before each iteration: the phase, the coupon and the user, as the script's {@code @Before pickUser}. */
	Session beforeIteration(Session session) {
		long user = 1 + ThreadLocalRandom.current().nextLong(this.users);
		return withoutAnswer(session).set(LoadRun.PHASE, clock().warmingUp() ? LoadRun.WARMUP_PHASE : READ_PHASE)
			.set(LoadRun.COUPON, this.couponId)
			.set(LoadRun.USER, user)
			.set(LoadRun.AUTHORIZATION, TokenMinter.bearer(this.tokens.user(user)));
	}

	/** After the coupon read: record it, and clear its answer so that the status read cannot be mistaken for it. */
	Session afterCountsRead(Session session) {
		ReadOutcome outcome = session.contains(LoadRun.STATUS)
				? ReadOutcome.ofCountsRead(session.getInt(LoadRun.STATUS), session.getString(LoadRun.BODY))
				: ReadOutcome.NO_ANSWER;
		record(session, ReadRequest.COUPON_COUNTS, outcome);
		return withoutAnswer(session).markAsSucceeded();
	}

	Session afterStatusRead(Session session) {
		ReadOutcome outcome = session.contains(LoadRun.STATUS)
				? ReadOutcome.ofStatusRead(session.getInt(LoadRun.STATUS), session.getString(LoadRun.BODY))
				: ReadOutcome.NO_ANSWER;
		record(session, ReadRequest.ISSUE_STATUS, outcome);
		// An error is a result to record, not a reason for this virtual user to stop.
		return session.markAsSucceeded();
	}

	private void record(Session session, ReadRequest request, ReadOutcome outcome) {
		if (LoadRun.WARMUP_PHASE.equals(session.getString(LoadRun.PHASE))) {
			recorder().recordWarmup(outcome);
		}
		else {
			long latency = session.contains(LoadRun.LATENCY) ? session.getInt(LoadRun.LATENCY) : -1;
			recorder().record(request, session.getLong(LoadRun.USER), outcome,
					session.getString(LoadRun.INSTANCE), latency, System.nanoTime());
		}
	}

	private static Session withoutAnswer(Session session) {
		return session.removeAll(LoadRun.STATUS, LoadRun.LATENCY, LoadRun.INSTANCE, LoadRun.BODY);
	}

}
