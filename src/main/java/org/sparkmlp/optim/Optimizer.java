package org.sparkmlp.optim;

/**
 * A driver-side update rule over the flat parameter vector. Its state (velocities, moment estimates,
 * step count) lives in the optimizer object on the driver; executors only ever see parameters.
 */
public interface Optimizer {
    /**
     * Applies one update.
     *
     * @param params modified: the flat parameter vector
     * @param grad   not modified: the gradient of the mean loss, same length as {@code params}
     */
    void step(double[] params, double[] grad);

    double learningRate();

    /** Changes the learning rate used by later steps (for schedules). */
    void setLearningRate(double learningRate);

    /** How many parameter-length arrays its state holds once it has stepped (Adam two, SGD with momentum one). */
    int stateArrays();

    /** A copy of the state later steps depend on. */
    OptimizerState state();

    /** Continues from {@code state}, as taken by {@link #state()} of an optimizer of the same kind. */
    void restore(OptimizerState state);
}
