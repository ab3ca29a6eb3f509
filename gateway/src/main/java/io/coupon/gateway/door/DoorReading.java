package io.coupon.gateway.door;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What one poll read of a coupon's door hash, and when the read was sent: the hash held this at some moment between
 * the send and the reply, so the reading's age is counted from the send.
 *
 * @param sentAtNanos {@link System#nanoTime()} when the read was sent
 */
record DoorReading(boolean soldOut, @Nullable Instant opensAt, @Nullable Instant closesAt, long sentAtNanos) {

	/** From the values of HMGET sold-out opens-at closes-at, in that order (absent fields are null). */
	static DoorReading of(List<?> values, long sentAtNanos) {
		try {
			return new DoorReading("1".equals(values.get(0)), instant(values.get(1)), instant(values.get(2)),
					sentAtNanos);
		}
		catch (NumberFormatException ex) {
			// Not what the contract says: believe nothing of it rather than guess.
			return new DoorReading(false, null, null, sentAtNanos);
		}
	}

	/**
	 * What the door answers now, or {@link Verdict#PASS} to let the replicas decide. As coupon-api does, the window is
	 * checked before the stock. Never a refusal from a reading older than {@code maxAge}, and never one within
	 * {@code clockAllowance} of the window's start or end, where the gateway's clock and a replica's may disagree.
	 */
	Verdict verdict(Instant now, long nowNanos, Duration maxAge, Duration clockAllowance) {
		if (nowNanos - this.sentAtNanos > maxAge.toNanos()) {
			return Verdict.PASS;
		}
		if (this.opensAt != null) {
			if (now.isBefore(this.opensAt.minus(clockAllowance))) {
				return Verdict.NOT_OPEN_YET;
			}
			if (now.isBefore(this.opensAt.plus(clockAllowance))) {
				return Verdict.PASS;
			}
		}
		if (this.closesAt != null) {
			if (!now.isBefore(this.closesAt.plus(clockAllowance))) {
				return Verdict.CLOSED;
			}
			if (!now.isBefore(this.closesAt.minus(clockAllowance))) {
				return Verdict.PASS;
			}
		}
		return this.soldOut ? Verdict.SOLD_OUT : Verdict.PASS;
	}

	private static @Nullable Instant instant(@Nullable Object epochMillis) {
		return (epochMillis instanceof String text) ? Instant.ofEpochMilli(Long.parseLong(text)) : null;
	}

	/** What the door does with a request, and the metric's reason. */
	enum Verdict {

		PASS(""),
		SOLD_OUT("sold-out"),
		NOT_OPEN_YET("not-open-yet"),
		CLOSED("closed");

		private final String reason;

		Verdict(String reason) {
			this.reason = reason;
		}

		String reason() {
			return this.reason;
		}

	}

}
