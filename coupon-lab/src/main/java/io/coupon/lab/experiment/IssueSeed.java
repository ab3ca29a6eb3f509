package io.coupon.lab.experiment;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import io.coupon.lab.TokenMinter;
import io.coupon.lab.check.Outcome;
import io.gatling.javaapi.core.Session;

/**
 * The bridge between the lab and {@link IssueSeedSimulation}: before a read-status cell, issue its coupon to each of
 * the users {@code [1, users]} exactly once, with the issue scenario's own request, so that the reads find holders.
 */
public final class IssueSeed implements GatlingLoad.Bridge {

	/**
	 * At most this many virtual users seed: enough to seed 10,000 users in seconds, and a load every issue strategy
	 * carries without shedding (IssuanceEndToEndTests measured the lock strategies shedding at 200 in flight).
	 */
	static final int MAX_VUSERS = 64;

	static final String SEED_PHASE = "seed";

	private static final String NEXT_USER = "seedNextUser";

	private static final String END_USER = "seedEndUser";

	private final String baseUrl;

	private final int vusers;

	private final long couponId;

	private final long users;

	private final AtomicInteger nextShare = new AtomicInteger();

	private final LongAdder[] outcomes = new LongAdder[Outcome.values().length];

	private volatile boolean started;

	private final TokenMinter tokens;

	IssueSeed(String baseUrl, int vusers, long couponId, long users, TokenMinter tokens) {
		this.tokens = tokens;
		this.baseUrl = baseUrl;
		this.vusers = (int) Math.max(1, Math.min(Math.min(vusers, MAX_VUSERS), users));
		this.couponId = couponId;
		this.users = users;
		for (int i = 0; i < this.outcomes.length; i++) {
			this.outcomes[i] = new LongAdder();
		}
	}

	String baseUrl() {
		return this.baseUrl;
	}

	int vusers() {
		return this.vusers;
	}

	void begin() {
		this.started = true;
	}

	@Override
	public boolean started() {
		return this.started;
	}

	/** Gives each virtual user its own share of the users, {@link #share}. */
	Session assignUsers(Session session) {
		long[] share = share(this.nextShare.getAndIncrement(), this.users, this.vusers);
		return session.set(NEXT_USER, share[0]).set(END_USER, share[1]);
	}

	/**
	 * The users {@code [first, end)} of virtual user {@code index} of {@code vusers}: contiguous shares of
	 * {@code [1, users]}, of sizes differing by at most one, that together hold every user exactly once.
	 */
	static long[] share(long index, long users, long vusers) {
		return new long[] { 1 + index * users / vusers, 1 + (index + 1) * users / vusers };
	}

	boolean hasNextUser(Session session) {
		return session.getLong(NEXT_USER) < session.getLong(END_USER);
	}

	/** Fills the issue request as {@link LoadRun#beforeRequest} does, with this virtual user's next user. */
	Session beforeRequest(Session session) {
		long user = session.getLong(NEXT_USER);
		return session.removeAll(LoadRun.STATUS, LoadRun.LATENCY, LoadRun.INSTANCE, LoadRun.BODY)
			.set(LoadRun.PHASE, SEED_PHASE)
			.set(LoadRun.COUPON, this.couponId)
			.set(LoadRun.USER, user)
			.set(LoadRun.AUTHORIZATION, TokenMinter.bearer(this.tokens.user(user)))
			.set(NEXT_USER, user + 1);
	}

	Session afterResponse(Session session) {
		this.outcomes[LoadRun.issueOutcome(session).ordinal()].increment();
		return session.markAsSucceeded();
	}

	Result result() {
		Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);
		for (Outcome outcome : Outcome.values()) {
			counts.put(outcome, this.outcomes[outcome.ordinal()].sum());
		}
		return new Result(this.users, counts);
	}

	/**
	 * @param users the users sent, each once
	 * @param outcomes their answers by outcome
	 */
	public record Result(long users, Map<Outcome, Long> outcomes) {

		public long count(Outcome outcome) {
			return this.outcomes.getOrDefault(outcome, 0L);
		}

		public long errors() {
			return count(Outcome.REJECTED) + count(Outcome.FAILED) + count(Outcome.TIMED_OUT);
		}

	}

}
