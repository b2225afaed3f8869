package org.sparkmlp.train;

/**
 * Training stopped because the loss, the gradient or a weight stopped being a finite number. Nothing of
 * the run is saved; a model or checkpoint written before it is left as it was. The message says where
 * and what: {@code training diverged at iteration 12 (epoch 2): the loss became NaN. Try ...}.
 */
public final class TrainingDivergedException extends IllegalStateException {
    private final long iteration;

    /**
     * @param iteration the 1-based iteration at which the run stopped
     * @param epoch     the 1-based epoch it was in
     * @param what      what stopped being finite
     * @param advice    what to change, as a sentence
     */
    public TrainingDivergedException(long iteration, long epoch, String what, String advice) {
        super("training diverged at iteration " + iteration + " (epoch " + epoch + "): " + what + ". " + advice);
        this.iteration = iteration;
    }

    /** The 1-based iteration at which the run stopped. */
    public long iteration() {
        return iteration;
    }
}
