package org.sparkmlp.nn.loss;

/**
 * Huber loss with {@code delta = 1}: a residual {@code e = p - y} costs {@code e^2 / 2} while
 * {@code |e| <= 1} and {@code |e| - 1/2} beyond, averaged over the outputs; its gradient is {@code e}
 * clipped to {@code [-1, 1]}. Squared error near the target, absolute error far from it, so a few wild
 * labels pull the fit less than under MSE. The trainer standardises regression labels, so the bend is at
 * one standard deviation of the label (in the label's own units with {@code --standardize false}).
 */
public final class Huber extends ResidualLoss {
    /** Where the loss turns from squared to absolute, in the units the network's outputs have. */
    public static final double DELTA = 1.0;

    @Override
    protected double cost(double e) {
        double a = Math.abs(e);
        return a <= DELTA ? 0.5 * e * e : DELTA * (a - 0.5 * DELTA);
    }

    @Override
    protected double slope(double e) {
        return Math.max(-DELTA, Math.min(DELTA, e));
    }

    @Override
    public String name() {
        return "huber";
    }

    /** Validation watches the mean absolute error, which, like Huber, lets a few wild labels count little. */
    @Override
    public String lossMetric() {
        return "mae";
    }
}
