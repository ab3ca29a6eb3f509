package io.coupon.lab.experiment;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import io.coupon.lab.TokenMinter;
import io.coupon.lab.check.Outcome;
import io.coupon.lab.check.ProblemTypes;
import io.gatling.javaapi.core.Session;

/**
 * The bridge between the lab and {@link IssueSimulation}, which Gatling instantiates by class name: what to load,
 * when the measurement starts and ends, and where to record the answers. One run at a time, set by
 * {@link GatlingLoad}.
 */
public final class LoadRun extends MeasuredRun<LoadRecorder> {

	static final String PHASE = "phase";

	static final String COUPON = "couponId";

	static final String USER = "userId";

	static final String AUTHORIZATION = "authorization";

	static final String STATUS = "status";

	static final String LATENCY = "latency";

	static final String INSTANCE = "instance";

	static final String BODY = "body";

	static final String WARMUP_PHASE = "warmup";

	static final String ISSUE_PHASE = "issue";

	private final long couponId;

	private final long warmupCouponId;

	private final UserMode users;

	private final TokenMinter tokens;

	private final AtomicLong nextUser = new AtomicLong(1);

	private final AtomicLong nextWarmupUser = new AtomicLong(1);

	/**
	 * @param baseUrl the gateway's or a replica's base URL
	 * @param couponId the measured coupon
	 * @param warmupCouponId the coupon the warm-up issues, so that it takes nothing from the measured stock
	 * @param coldWarmup the first part of the warm-up, run by at most {@link GatlingLoad#COLD_VUSERS} virtual users
	 * (zero when the suite is warm)
	 * @param warmup the whole warm-up, the cold part included
	 * @param tokens mints each user's bearer token, which the gateway verifies (a replica reached directly ignores it
	 * and reads the X-USER-ID header sent too)
	 */
	public LoadRun(String baseUrl, int vusers, long couponId, long warmupCouponId, UserMode users,
			Duration coldWarmup, Duration warmup, Duration duration, TokenMinter tokens) {
		super(baseUrl, vusers, new LoadClock(coldWarmup, warmup, duration));
		this.tokens = tokens;
		this.couponId = couponId;
		this.warmupCouponId = warmupCouponId;
		this.users = users;
	}

	static LoadRun current() {
		return GatlingLoad.current(LoadRun.class);
	}

	@Override
	LoadRecorder newRecorder(long measureStartNanos, int timelineSeconds) {
		return new LoadRecorder(measureStartNanos, timelineSeconds);
	}

	/** Before each request: the phase, the coupon and the user, and no answer left over from the previous one. */
	Session beforeRequest(Session session) {
		boolean warming = clock().warmingUp();
		long user = warming ? nextUser(this.nextWarmupUser) : nextUser(this.nextUser);
		return session.removeAll(STATUS, LATENCY, INSTANCE, BODY, AUTHORIZATION)
			.set(PHASE, warming ? WARMUP_PHASE : ISSUE_PHASE)
			.set(COUPON, warming ? this.warmupCouponId : this.couponId)
			.set(USER, user)
			.set(AUTHORIZATION, TokenMinter.bearer(this.tokens.user(user)));
	}

	private long nextUser(AtomicLong counter) {
		return this.users.unique() ? counter.getAndIncrement()
				: 1 + ThreadLocalRandom.current().nextLong(this.users.poolSize());
	}

	/** After each answer (or its absence): classify and record it. */
	Session afterResponse(Session session) {
		Outcome outcome = issueOutcome(session);
		if (WARMUP_PHASE.equals(session.getString(PHASE))) {
			recorder().recordWarmup(outcome);
		}
		else {
			long latency = session.contains(LATENCY) ? session.getInt(LATENCY) : -1;
			recorder().record(session.getLong(USER), outcome, session.getString(INSTANCE), latency,
					System.nanoTime());
		}
		// A 503 or a timeout is a result to record, not a reason for this virtual user to stop.
		return session.markAsSucceeded();
	}

	/** The outcome of the issue request whose answer {@link IssueSimulation#issueRequest()} saved in the session. */
	static Outcome issueOutcome(Session session) {
		return session.contains(STATUS)
				? Outcome.of(session.getInt(STATUS), ProblemTypes.of(session.getString(BODY))) : Outcome.TIMED_OUT;
	}

}
