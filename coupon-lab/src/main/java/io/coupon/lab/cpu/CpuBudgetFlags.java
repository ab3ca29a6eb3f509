package io.coupon.lab.cpu;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The CPU budget flags that {@code up}, {@code experiment} and {@code chaos} share, taken out of a command's
 * arguments before the command reads the rest: {@code --cpus component=cpus,...}, {@code --cpus-unenforced} and
 * {@code --cpus-from-start}.
 *
 * @param budgets the budgets asked for (empty without {@code --cpus})
 * @param allowUnenforced whether to run unbudgeted, and say so, where the host cannot enforce budgets
 * @param startBoost whether each component starts under its budget rounded up to whole CPUs until it is ready (the
 * default; {@code --cpus-from-start} turns it off)
 * @param rest the other arguments, in their order
 */
public record CpuBudgetFlags(CpuBudgets budgets, boolean allowUnenforced, boolean startBoost, List<String> rest) {

	public static final String USAGE = """
			  --cpus component=cpus[,...]  (up, experiment, chaos) hold each component's processes to a CPU quota,
			      e.g. --cpus coupon-api=0.25,gateway=0.6,redis=0.1,kafka=0.3 (components: redis, mariadb, kafka,
			      discovery-server, coupon-api (each replica), coupon-api-N, coupon-worker, gateway); a Linux cgroup
			      (v2 cpu.max, else v1 cpu.cfs_quota_us) per component, removed by down. Needs root or a delegated
			      cgroup; refused otherwise, unless --cpus-unenforced runs unbudgeted (and the report says so).
			      --cpus replica-bound: the 2-core preset under which only the replicas saturate, up to 5 of them:
			      coupon-api=0.1,gateway=0.8,kafka=0.3,coupon-worker=0.2,redis=0.15,mariadb=0.15,
			      discovery-server=0.1; pairs after it override it (--cpus replica-bound,gateway=1).
			      A component starts under its budget rounded up to whole CPUs and is held to its budget once it is
			      ready (a start-up boost: the same processor count for its JVM, and warm before it is measured).
			  --cpus-from-start  hold each component to its budget from its first instruction instead.""";

	public CpuBudgetFlags {
		rest = List.copyOf(rest);
	}

	public static CpuBudgetFlags take(List<String> args) {
		CpuBudgets budgets = CpuBudgets.none();
		boolean allowUnenforced = false;
		boolean startBoost = true;
		List<String> rest = new ArrayList<>();
		for (int i = 0; i < args.size(); i++) {
			String arg = args.get(i);
			if (arg.equals("--cpus-unenforced")) {
				allowUnenforced = true;
			}
			else if (arg.equals("--cpus-from-start")) {
				startBoost = false;
			}
			else if (arg.startsWith("--cpus-unenforced=") || arg.startsWith("--cpus-from-start=")) {
				throw new IllegalArgumentException(arg.substring(0, arg.indexOf('=')) + " takes no value");
			}
			else if (arg.equals("--cpus") || arg.startsWith("--cpus=")) {
				String value;
				if (arg.equals("--cpus")) {
					if (i + 1 >= args.size()) {
						throw new IllegalArgumentException("Missing value for --cpus");
					}
					value = args.get(++i);
				}
				else {
					value = arg.substring("--cpus=".length());
				}
				if (!budgets.isEmpty()) {
					throw new IllegalArgumentException("--cpus is given twice");
				}
				budgets = CpuBudgets.parse(value);
			}
			else {
				rest.add(arg);
			}
		}
		if (allowUnenforced && budgets.isEmpty()) {
			throw new IllegalArgumentException("--cpus-unenforced needs --cpus");
		}
		if (!startBoost && budgets.isEmpty()) {
			throw new IllegalArgumentException("--cpus-from-start needs --cpus");
		}
		return new CpuBudgetFlags(budgets, allowUnenforced, startBoost, rest);
	}

	/** The budgets of a suite started from {@code stateDir} on this host (see {@link SuiteCpuBudgets#forHost}). */
	public SuiteCpuBudgets forSuite(Path stateDir) {
		return SuiteCpuBudgets.forHost(this.budgets, this.allowUnenforced, this.startBoost, stateDir);
	}

}
