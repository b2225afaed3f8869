package org.sparkmlp.train;

/**
 * One iteration of a run.
 *
 * @param iteration 1-based iteration number
 * @param epoch     0-based epoch the iteration belongs to
 * @param loss      mean training loss of the iteration's examples, before the step
 * @param examples  examples that contributed
 * @param seconds   wall time of the iteration
 */
public record IterationRecord(long iteration, long epoch, double loss, long examples, double seconds) {
}
