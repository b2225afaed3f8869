package org.sparkmlp.train;

import org.sparkmlp.math.Checks;

/**
 * How the tasks' gradient sums reach the driver: directly (depth 1: every task's result goes to the
 * driver, which adds them in task order as they arrive), or through a tree of shuffle levels, each adding
 * groups of {@code scale} sums on the executors. docs/SCALING.md measures the terms this weighs.
 *
 * <p>{@code auto} (depth 0) chooses the depth with the smallest predicted time: the direct sum costs the
 * driver the transfer and addition of every result; each tree level costs a shuffle stage plus its
 * transfers, and leaves fewer results for the driver. A direct sum whose results would exceed
 * {@code spark.driver.maxResultSize} is never chosen.
 */
public final class AggregationPlan {
    /** Bytes per second the driver takes in task results and adds them (10 Gb/s network; adding overlaps). */
    static final double DRIVER_BYTES_PER_SECOND = 1.0e9;
    /** Bytes per second an executor writes and reads a shuffled partial sum. */
    static final double EXECUTOR_BYTES_PER_SECOND = 0.5e9;
    /** Fixed cost of one tree level: a shuffle stage's scheduling and its tasks' start. */
    static final double LEVEL_SECONDS = 0.03;
    private static final int MAX_DEPTH = 4;

    private AggregationPlan() {}

    /**
     * @param requested     the configured depth; 0 for auto
     * @param tasks         tasks per iteration
     * @param resultBytes   bytes of one task's result
     * @param maxResultSize {@code spark.driver.maxResultSize} in bytes; 0 for no limit
     * @return the depth to sum with: 1 (direct) whenever there are at most two tasks, which no tree level
     *         would reduce
     */
    public static int depth(int requested, int tasks, long resultBytes, long maxResultSize) {
        Checks.arg(requested >= 0, "the aggregation depth must be >= 0 (0 for auto), got %s", requested);
        if (tasks <= 2) {
            return 1;
        }
        if (requested > 0) {
            return requested;
        }
        int best = 1;
        double bestSeconds = maxResultSize > 0 && (double) tasks * resultBytes > maxResultSize ? Double.MAX_VALUE
            : seconds(1, tasks, resultBytes);
        for (int d = 2; d <= MAX_DEPTH; d++) {
            double s = seconds(d, tasks, resultBytes);
            if (s < bestSeconds) {
                best = d;
                bestSeconds = s;
            }
        }
        return best;
    }

    /** The predicted time of summing {@code tasks} results of {@code bytes} through a tree of {@code depth}. */
    static double seconds(int depth, int tasks, long bytes) {
        if (depth == 1 || tasks <= 2) {
            return (double) tasks * bytes / DRIVER_BYTES_PER_SECOND;
        }
        int scale = scale(tasks, depth);
        double perLevel = LEVEL_SECONDS + (double) scale * bytes / EXECUTOR_BYTES_PER_SECOND;
        double atDriver = Math.ceil(tasks / Math.pow(scale, depth - 1));
        return (depth - 1) * perLevel + atDriver * bytes / DRIVER_BYTES_PER_SECOND;
    }

    /** The fan-in of each tree level: {@code ceil(tasks^(1/depth))}, at least 2. */
    public static int scale(int tasks, int depth) {
        return Math.max((int) Math.ceil(Math.pow(tasks, 1.0 / depth)), 2);
    }
}
