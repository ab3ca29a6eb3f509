package io.coupon.lab;

import java.nio.file.Path;
import java.util.List;

/**
 * The status of the suite recorded in a state folder.
 *
 * @param recorded whether a state file exists at all
 * @param components one entry per recorded component, in start order
 * @param logsDir the folder with every component's log
 */
public record SuiteStatus(boolean recorded, List<ComponentStatus> components, Path logsDir) {

	public SuiteStatus {
		components = List.copyOf(components);
	}

	public boolean allUp() {
		return this.recorded && !this.components.isEmpty() && this.components.stream().allMatch(ComponentStatus::isUp);
	}

}
