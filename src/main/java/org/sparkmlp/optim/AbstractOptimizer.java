package org.sparkmlp.optim;

import org.sparkmlp.math.Checks;

/** The learning rate every optimizer has, validated in one place. */
abstract class AbstractOptimizer implements Optimizer {
    private double learningRate;

    AbstractOptimizer(double learningRate) {
        setLearningRate(learningRate);
    }

    @Override
    public final double learningRate() {
        return learningRate;
    }

    @Override
    public final void setLearningRate(double learningRate) {
        Checks.arg(learningRate > 0 && Double.isFinite(learningRate), "learning rate must be > 0, got %s",
            learningRate);
        this.learningRate = learningRate;
    }

    static void checkLengths(double[] params, double[] grad) {
        Checks.arg(params.length == grad.length, "params (%s) and grad (%s) differ in length",
            params.length, grad.length);
    }
}
