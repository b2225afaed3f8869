package org.sparkmlp.train;

/**
 * What the training loop carries from one iteration to the next besides the weights and the optimizer,
 * and saves in checkpoints: the plateau schedule's rate factor, best value and wait, and early
 * stopping's best value, wait and the iteration of its best weights.
 *
 * @param lrScale       the factor the plateau schedule has cut the rate to (1 before any cut)
 * @param plateauBest   the best monitored value the plateau schedule has seen; NaN before any
 * @param plateauWait   validations since it last improved
 * @param stoppingBest  the best monitored value early stopping has seen; NaN before any
 * @param stoppingWait  validations since it last improved
 * @param bestIteration the 0-based iteration whose starting weights scored {@code best}; -1 before any
 */
public record LoopState(double lrScale, double plateauBest, int plateauWait, double stoppingBest,
                        int stoppingWait, long bestIteration) {
    /** The state of a run that has not started. */
    public static final LoopState START = new LoopState(1, Double.NaN, 0, Double.NaN, 0, -1);
}
