package io.coupon.lab.cpu;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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

	private SuiteCpuBudgets(CpuBudgets budgets, CpuCgroups groups, String unenforcedBecause) {
		this.budgets = budgets;
		this.groups = groups;
		this.unenforcedBecause = unenforcedBecause;
	}

	/** No budget: every component runs as it would without this feature. */
	public static SuiteCpuBudgets none() {
		return new SuiteCpuBudgets(CpuBudgets.none(), null, null);
	}

	/**
	 * The budgets of a suite about to start from {@code stateDir}, on this host.
	 *
	 * @param allowUnenforced run unbudgeted (and say so) when the host cannot enforce budgets
	 * @throws IllegalStateException when the host cannot enforce them and that is not allowed
	 */
	public static SuiteCpuBudgets forHost(CpuBudgets budgets, boolean allowUnenforced, Path stateDir) {
		return on(CgroupHost.detect(), budgets, allowUnenforced, stateDir);
	}

	static SuiteCpuBudgets on(CgroupHost host, CpuBudgets budgets, boolean allowUnenforced, Path stateDir) {
		if (budgets.isEmpty()) {
			return none();
		}
		if (host.controller().isEmpty()) {
			if (!allowUnenforced) {
				throw new IllegalStateException("Cannot enforce --cpus " + budgets + ": " + host.problem()
						+ ". Run as root, or add --cpus-unenforced to run without budgets (the report then says so).");
			}
			return new SuiteCpuBudgets(budgets, null, host.problem());
		}
		return new SuiteCpuBudgets(budgets, new CpuCgroups(host.controller().get(), stateDir), null);
	}

	public CpuBudgets budgets() {
		return this.budgets;
	}

	/** Whether a component runs under its budget's quota. */
	public boolean enforced() {
		return this.groups != null;
	}

	/** The {@code cgroup.procs} of the component's group, created with its quota; empty if it has no budget. */
	public Optional<Path> groupFor(String component) {
		if (this.groups == null) {
			return Optional.empty();
		}
		return this.budgets.forComponent(component).map((cpus) -> this.groups.prepare(component, cpus));
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
				+ " (quota per " + CpuController.PERIOD_MICROS / 1000 + " ms period)";
	}

	/** Writes {@code run/cpu-budgets.properties} into the state folder (nothing without budgets). */
	public void record(Path stateDir) {
		if (this.budgets.isEmpty()) {
			return;
		}
		Properties properties = new Properties();
		properties.setProperty("budgets", this.budgets.toString());
		properties.setProperty("enforced", Boolean.toString(enforced()));
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
		if (!Boolean.parseBoolean(properties.getProperty("enforced"))) {
			return new SuiteCpuBudgets(budgets, null, properties.getProperty("unenforced-because", "unknown"));
		}
		CgroupHost host = CgroupHost.detect();
		return host.controller()
			.map((controller) -> new SuiteCpuBudgets(budgets, new CpuCgroups(controller, stateDir), null))
			.orElseGet(() -> new SuiteCpuBudgets(budgets, null, host.problem()));
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
