package org.sparkmlp.train;

import java.io.Serializable;
import org.sparkmlp.math.Checks;

/**
 * How an iteration's tasks share the cached partitions: {@code groups} tasks, task {@code g} reading the
 * consecutive partitions {@code [g·n/G, (g+1)·n/G)}. Fixed when training starts (from the partition count
 * and the cluster's task slots then), so the grouping, and with it the order of every addition, does not
 * change when executors come and go.
 *
 * <p>Each partition draws its mini-batch rows as it would alone; a task runs the rows of all its
 * partitions, in partition order, through one pass of the network ({@link PartitionGradient}), and the
 * driver adds the tasks' sums in task order. One partition per task is the plain per-partition sum.
 */
public record PartitionGroups(int partitions, int groups) implements Serializable {
    public PartitionGroups {
        Checks.arg(partitions >= 0, "partitions must be >= 0, got %s", partitions);
        Checks.arg(groups >= 1 && (groups <= partitions || partitions == 0),
            "groups must be in [1, %s], got %s", partitions, groups);
    }

    /** One task per partition, up to {@code slots} tasks. */
    public static PartitionGroups of(int partitions, int slots) {
        return new PartitionGroups(partitions, Math.max(1, Math.min(partitions, Math.max(1, slots))));
    }

    /** The first partition of group {@code g}. */
    public int first(int g) {
        return (int) ((long) g * partitions / groups);
    }

    /** One past the last partition of group {@code g}. */
    public int end(int g) {
        return first(g + 1);
    }

    public boolean oneEach() {
        return groups == partitions;
    }
}
