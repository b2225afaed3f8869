package org.sparkmlp.train;

import java.util.Map;

/**
 * One iteration of a run.
 *
 * @param iteration          1-based iteration number
 * @param epoch              0-based epoch the iteration belongs to
 * @param loss               mean training loss of the iteration's examples, before the step
 * @param examples           examples that contributed
 * @param seconds            wall time of the iteration
 * @param learningRate       the rate of the iteration's step
 * @param validation         metrics on the held-out rows with the weights the iteration started from, or
 *                           null when it did not validate
 * @param broadcastSeconds   creating the weights' broadcast
 * @param computeSeconds     the longest partition's forward and backward pass
 * @param aggregationSeconds the rest of the job: scheduling, shipping and adding the partition sums
 * @param stepSeconds        the driver's averaging, clipping and optimizer step
 */
public record IterationRecord(long iteration, long epoch, double loss, long examples, double seconds,
                              double learningRate, Map<String, Double> validation, double broadcastSeconds,
                              double computeSeconds, double aggregationSeconds, double stepSeconds) {

    /** A record without the extras: no validation and no timing breakdown. */
    public IterationRecord(long iteration, long epoch, double loss, long examples, double seconds) {
        this(iteration, epoch, loss, examples, seconds, Double.NaN, null, 0, 0, 0, 0);
    }

    public double examplesPerSecond() {
        return seconds > 0 ? examples / seconds : Double.NaN;
    }
}
