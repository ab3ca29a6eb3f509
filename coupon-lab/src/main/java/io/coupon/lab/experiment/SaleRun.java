package io.coupon.lab.experiment;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import io.coupon.lab.TokenMinter;
import io.coupon.lab.check.Outcome;
import io.coupon.lab.check.ProblemTypes;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.Session;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;

/**
 * The bridge between a sale and {@link SaleSimulation}: who arrives when, each user's attempts and backoffs, and where
 * its answers go. The clock has no warm-up (the sale warms up before, on a coupon of its own) and a measurement as
 * long as the longest a user can take ({@link SaleOptions#horizon()}); the load ends when its users do.
 */
final class SaleRun extends MeasuredRun<SaleRecorder> {

	/** Sale users' ids start past this, so that no user of the warm-up (ids from 1) is a sale's user too. */
	static final long FIRST_USER = 1_000_000_000L;

	static final String SALE_PHASE = "sale";

	private static final String FIRST_SENT = "firstSent";

	private static final String ATTEMPT = "attempt";

	private static final String DONE = "done";

	private final SaleOptions options;

	private final long couponId;

	private final TokenMinter tokens;

	private final AtomicLong nextUser = new AtomicLong(FIRST_USER + 1);

	SaleRun(String baseUrl, SaleOptions options, long couponId, TokenMinter tokens) {
		super(baseUrl, (int) Math.min(Integer.MAX_VALUE, options.totalUsers()),
				new LoadClock(Duration.ZERO, Duration.ZERO, options.horizon()));
		this.options = options;
		this.couponId = couponId;
		this.tokens = tokens;
	}

	static SaleRun current() {
		return GatlingLoad.current(SaleRun.class);
	}

	@Override
	SaleRecorder newRecorder(long measureStartNanos, int timelineSeconds) {
		return new SaleRecorder(measureStartNanos);
	}

	/** All at once, or at a linearly growing rate. */
	OpenInjectionStep arrivals() {
		if (this.options.shape() == SaleOptions.Shape.SPIKE) {
			return atOnceUsers(this.options.users());
		}
		return rampUsersPerSec(this.options.rateFrom()).to(this.options.rateTo()).during(this.options.duration());
	}

	/** A new user: its id and token, no attempt yet. */
	Session arrive(Session session) {
		long user = this.nextUser.getAndIncrement();
		return session.set(LoadRun.PHASE, SALE_PHASE)
			.set(LoadRun.COUPON, this.couponId)
			.set(LoadRun.USER, user)
			.set(LoadRun.AUTHORIZATION, TokenMinter.bearer(this.tokens.user(user)))
			.set(ATTEMPT, 0)
			.set(DONE, false);
	}

	boolean wantsAnotherAttempt(Session session) {
		return !session.getBoolean(DONE);
	}

	/**
	 * The wait before an attempt: none before the first, then {@link SaleOptions#backoff()} doubling per retry, plus up
	 * to half of it at random.
	 */
	Duration backoff(Session session) {
		int attempt = session.getInt(ATTEMPT);
		if (attempt == 0) {
			return Duration.ZERO;
		}
		long base = this.options.backoff().toNanos() << (attempt - 1);
		return Duration.ofNanos(base + ThreadLocalRandom.current().nextLong(base / 2 + 1));
	}

	/** Before each attempt: no answer left over, and the first send's time noted. */
	Session beforeAttempt(Session session) {
		int attempt = session.getInt(ATTEMPT) + 1;
		Session next = session.removeAll(LoadRun.STATUS, LoadRun.LATENCY, LoadRun.INSTANCE, LoadRun.BODY)
			.set(ATTEMPT, attempt);
		return (attempt == 1) ? next.set(FIRST_SENT, System.nanoTime()) : next;
	}

	/** After each attempt: record it, and end the user unless a client would retry this answer and may still. */
	Session afterAttempt(Session session) {
		long now = System.nanoTime();
		int status = session.contains(LoadRun.STATUS) ? session.getInt(LoadRun.STATUS) : -1;
		String problemType = session.contains(LoadRun.BODY) ? ProblemTypes.of(session.getString(LoadRun.BODY)) : null;
		SaleAnswer answer = SaleAnswer.of(status, problemType);
		Outcome outcome = LoadRun.issueOutcome(session);
		long user = session.getLong(LoadRun.USER);
		long latency = session.contains(LoadRun.LATENCY) ? session.getInt(LoadRun.LATENCY) : -1;
		recorder().recordAttempt(user, answer, outcome, session.getString(LoadRun.INSTANCE), latency);
		int attempt = session.getInt(ATTEMPT);
		boolean done = !answer.retryable() || attempt > this.options.retries();
		if (done) {
			recorder().recordUser(new SaleUser(user, session.getLong(FIRST_SENT), now, attempt, answer));
		}
		// A 5xx or a timeout is a result to record (and maybe retry), not a reason for Gatling to stop the user.
		return session.set(DONE, done).markAsSucceeded();
	}

}
