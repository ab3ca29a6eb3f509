package io.coupon.lab.cpu;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * The CPU budgets of one suite and how they are enforced: by the suite's {@link CpuCgroups}, or not at all when the
 * host cannot and {@code --cpus-unenforced} allowed running without them. Recorded in
 * {@code run/cpu-budgets.properties} so that a chaos run attached to {@code ./coupon up}'s suite can read the
 * throttling and {@code ./coupon down} removes the groups.
 */
public final class SuiteCpuBudgets {

	static final String FILE = "cpu-budgets.properties";

	private final CpuBudgets budgets;

	private final CpuCgroups groups;

	private final String unenforcedBecause;

	private final boolean startBoost;

	// Components that are ready but still boosted, while the boost lasts until the next measurement.
	private final Set<String> boosted = new LinkedHashSet<>();

	private volatile boolean untilMeasured;

	private SuiteCpuBudgets(CpuBudgets budgets, CpuCgroups groups, String unenforcedBecause, boolean startBoost) {
		this.budgets = budgets;
		this.groups = groups;
		this.unenforcedBecause = unenforcedBecause;
		this.startBoost = startBoost;
	}

	/** No budget: every component runs as it would without this feature. */
	public static SuiteCpuBudgets none() {
		return new SuiteCpuBudgets(CpuBudgets.none(), null, null, false);
	}

	/**
	 * The budgets of a suite about to start from {@code stateDir}, on this host.
	 *
	 * @param allowUnenforced run unbudgeted (and say so) when the host cannot enforce budgets
	 * @throws IllegalStateException when the host cannot enforce them and that is not allowed
	 */
	public static SuiteCpuBudgets forHost(CpuBudgets budgets, boolean allowUnenforced, Path stateDir) {
		return forHost(budgets, allowUnenforced, true, stateDir);
	}

	/**
	 * As {@link #forHost(CpuBudgets, boolean, Path)}, choosing whether components get a start-up boost.
	 *
	 * @param startBoost start each component under its quota rounded up to whole CPUs and hold it to its budget once
	 * it is ready (docs/decisions.md, 11); {@code false}: under its budget from its first instruction
	 */
	public static SuiteCpuBudgets forHost(CpuBudgets budgets, boolean allowUnenforced, boolean startBoost,
			Path stateDir) {
		return on(CgroupHost.detect(), budgets, allowUnenforced, startBoost, stateDir);
	}

	static SuiteCpuBudgets on(CgroupHost host, CpuBudgets budgets, boolean allowUnenforced, Path stateDir) {
		return on(host, budgets, allowUnenforced, true, stateDir);
	}

	static SuiteCpuBudgets on(CgroupHost host, CpuBudgets budgets, boolean allowUnenforced, boolean startBoost,
			Path stateDir) {
		if (budgets.isEmpty()) {
			return none();
		}
		if (host.controller().isEmpty()) {
			if (!allowUnenforced) {
				throw new IllegalStateException("Cannot enforce --cpus " + budgets + ": " + host.problem()
						+ ". Run as root, or add --cpus-unenforced to run without budgets (the report then says so).");
			}
			return new SuiteCpuBudgets(budgets, null, host.problem(), startBoost);
		}
		return new SuiteCpuBudgets(budgets, new CpuCgroups(host.controller().get(), stateDir), null, startBoost);
	}

	static SuiteCpuBudgets on(CpuCgroups groups, CpuBudgets budgets, boolean startBoost) {
		return new SuiteCpuBudgets(budgets, groups, null, startBoost);
	}

	public CpuBudgets budgets() {
		return this.budgets;
	}

	/** Whether a component runs under its budget's quota. */
	public boolean enforced() {
		return this.groups != null;
	}

	/** Whether components start under their quota rounded up to whole CPUs, and get their budget once ready. */
	public boolean startBoost() {
		return this.startBoost;
	}

	/**
	 * The {@code cgroup.procs} of the component's group, created with the quota it starts under (its budget, or with
	 * the start-up boost its budget rounded up to whole CPUs); empty if it has no budget.
	 */
	public Optional<Path> groupFor(String component) {
		if (this.groups == null) {
			return Optional.empty();
		}
		return this.budgets.forComponent(component).map((cpus) -> this.groups.prepare(component, startQuota(cpus)));
	}

	/**
	 * From now on a component's start-up boost lasts past its readiness, until {@link #measuring()}: an experiment
	 * measures a warm component held to its budget, and a JVM held to a twentieth of a core from its readiness on
	 * spends half of it compiling for minutes (docs/experiments.md), which no container would be measured in either.
	 */
	public void boostUntilMeasured() {
		this.untilMeasured = true;
	}

	/**
	 * A warm-up begins: every budgeted component that is running gets its boost back until {@link #measuring()}, so
	 * that a replica added for this cell warms up at the rate the warm-up can give it, not at the rate of the
	 * replicas already held to their budgets (round robin gives each replica the same share). Nothing without
	 * {@link #boostUntilMeasured()}.
	 *
	 * @return the components boosted again here
	 */
	public List<String> warmingUp() {
		if (this.groups == null || !this.startBoost || !this.untilMeasured) {
			return List.of();
		}
		List<String> boostedAgain = new java.util.ArrayList<>();
		for (String component : this.groups.components()) {
			this.budgets.forComponent(component).filter((cpus) -> startQuota(cpus) != cpus).ifPresent((cpus) -> {
				this.groups.setQuota(component, startQuota(cpus));
				boostedAgain.add(component);
			});
		}
		synchronized (this.boosted) {
			this.boosted.addAll(boostedAgain);
		}
		return boostedAgain;
	}

	/**
	 * Holds a component that is now ready to its budget: the end of its start-up boost (or, after
	 * {@link #boostUntilMeasured()}, noted for {@link #measuring()}). Nothing without a budget, without enforcement
	 * or without the boost.
	 */
	public void settle(String component) {
		if (this.groups == null || !this.startBoost) {
			return;
		}
		if (this.untilMeasured) {
			synchronized (this.boosted) {
				this.boosted.add(component);
			}
			return;
		}
		hold(component);
	}

	/**
	 * A measurement begins: every ready component still boosted is held to its budget.
	 *
	 * @return the components whose boost ended here
	 */
	public List<String> measuring() {
		List<String> ended;
		synchronized (this.boosted) {
			ended = List.copyOf(this.boosted);
			this.boosted.clear();
		}
		ended.forEach(this::hold);
		return ended;
	}

	private void hold(String component) {
		this.budgets.forComponent(component)
			.filter((cpus) -> startQuota(cpus) != cpus)
			.ifPresent((cpus) -> this.groups.setQuota(component, cpus));
	}

	/**
	 * The quota a component starts under. With the boost, its budget rounded up to whole CPUs: the JDK sizes a JVM
	 * from the quota it finds at start-up, rounded up to whole processors the same way, so a JVM boosted at start
	 * makes the same thread pools and sees the same {@code availableProcessors()} as one started under its budget.
	 */
	double startQuota(double cpus) {
		return this.startBoost ? Math.ceil(cpus) : cpus;
	}

	/** Each budgeted component's throttling so far; empty when nothing is enforced. */
	public Map<String, Throttling> throttling() {
		return (this.groups != null) ? this.groups.throttling() : Map.of();
	}

	/** Removes this suite's groups (none when nothing is enforced). */
	public List<String> remove() {
		return (this.groups != null) ? this.groups.removeAll() : List.of();
	}

	/**
	 * For reports and progress lines: the budgets and what enforces them, or why nothing does.
	 */
	public String describe() {
		if (this.budgets.isEmpty()) {
			return "none (every component may use every core)";
		}
		if (this.groups == null) {
			return this.budgets + ", NOT ENFORCED (" + this.unenforcedBecause + "): every component ran unbudgeted";
		}
		return this.budgets + ", enforced by " + this.groups.controller().describe() + " in " + this.groups.base()
				+ " (quota per " + CpuController.PERIOD_MICROS / 1000 + " ms period; "
				+ (this.startBoost ? "each component started under its budget rounded up to whole CPUs and was held to"
						+ " its budget from the moment it was ready"
						+ (this.untilMeasured ? " and the next measurement began, and boosted again during each"
								+ " warm-up" : "")
						+ ": a start-up boost"
						: "each component held to its budget from its first instruction, no start-up boost")
				+ ")";
	}

	/** Writes {@code run/cpu-budgets.properties} into the state folder (nothing without budgets). */
	public void record(Path stateDir) {
		if (this.budgets.isEmpty()) {
			return;
		}
		Properties properties = new Properties();
		properties.setProperty("budgets", this.budgets.toString());
		properties.setProperty("enforced", Boolean.toString(enforced()));
		properties.setProperty("start-boost", Boolean.toString(this.startBoost));
		if (this.unenforcedBecause != null) {
			properties.setProperty("unenforced-because", this.unenforcedBecause);
		}
		Path file = file(stateDir);
		try {
			Files.createDirectories(file.getParent());
			try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
				properties.store(out, "The CPU budgets of the running lab suite; deleted by ./coupon down");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write " + file, ex);
		}
	}

	/** The budgets recorded for the suite in {@code stateDir}, or {@link #none()}. */
	public static SuiteCpuBudgets recorded(Path stateDir) {
		Path file = file(stateDir);
		if (!Files.isRegularFile(file)) {
			return none();
		}
		Properties properties = new Properties();
		try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			properties.load(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read " + file, ex);
		}
		CpuBudgets budgets = CpuBudgets.parse(properties.getProperty("budgets", ""));
		boolean startBoost = Boolean.parseBoolean(properties.getProperty("start-boost", "false"));
		if (!Boolean.parseBoolean(properties.getProperty("enforced"))) {
			return new SuiteCpuBudgets(budgets, null, properties.getProperty("unenforced-because", "unknown"),
					startBoost);
		}
		CgroupHost host = CgroupHost.detect();
		return host.controller()
			.map((controller) -> new SuiteCpuBudgets(budgets, new CpuCgroups(controller, stateDir), null, startBoost))
			.orElseGet(() -> new SuiteCpuBudgets(budgets, null, host.problem(), startBoost));
	}

	/**
	 * Removes whatever CPU groups the suite of {@code stateDir} left on this host (after {@code down}, or after a run
	 * that crashed before it could), and its record.
	 */
	public static void removeLeftovers(Path stateDir, Consumer<String> progress) {
		CgroupHost host = CgroupHost.detect();
		host.controller().ifPresent((controller) -> {
			CpuCgroups groups = new CpuCgroups(controller, stateDir);
			try {
				List<String> removed = groups.removeAll();
				if (!removed.isEmpty()) {
					progress.accept("  removed the CPU budget groups " + String.join(", ", removed) + " in "
							+ groups.base());
				}
			}
			catch (UncheckedIOException ex) {
				// Stopping goes on; the next up of this state folder tries again.
				progress.accept("  could not remove the CPU budget groups in " + groups.base() + ": " + ex.getMessage());
			}
		});
		try {
			Files.deleteIfExists(file(stateDir));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not delete " + file(stateDir), ex);
		}
	}

	private static Path file(Path stateDir) {
		return stateDir.toAbsolutePath().normalize().resolve("run").resolve(FILE);
	}

}
