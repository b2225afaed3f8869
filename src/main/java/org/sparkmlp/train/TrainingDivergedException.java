package org.sparkmlp.train;

/**
 * Training stopped because the loss, the gradient or a weight stopped being a finite number. Nothing of
 * the run is saved; a model or checkpoint written before it is left as it was.
 */
public final class TrainingDivergedException extends IllegalStateException {
    private final long iteration;

    public TrainingDivergedException(long iteration, String message) {
        super(message);
        this.iteration = iteration;
    }

    /** The 1-based iteration at which the run stopped. */
    public long iteration() {
        return iteration;
    }
}
