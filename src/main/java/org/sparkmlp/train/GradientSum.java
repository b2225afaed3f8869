package org.sparkmlp.train;

import java.io.Serializable;
import org.sparkmlp.math.Checks;

/**
 * What one partition contributes to an iteration: the gradient of its summed loss, the summed loss and
 * the number of examples. Sums, not means: the driver divides once by the global count.
 */
public final class GradientSum implements Serializable {
    private static final long serialVersionUID = 1L;

    private final double[] grad;
    private double lossSum;
    private long count;

    public GradientSum(double[] grad, double lossSum, long count) {
        this.grad = grad;
        this.lossSum = lossSum;
        this.count = count;
    }

    public static GradientSum zero(int numParams) {
        return new GradientSum(new double[numParams], 0.0, 0);
    }

    /** Adds {@code other} into this sum and returns this; {@code other} is never modified. */
    public GradientSum add(GradientSum other) {
        Checks.arg(other.grad.length == grad.length, "cannot add gradients of %s and %s parameters",
            grad.length, other.grad.length);
        for (int i = 0; i < grad.length; i++) {
            grad[i] += other.grad[i];
        }
        lossSum += other.lossSum;
        count += other.count;
        return this;
    }

    /** The summed gradient; modified in place by {@link #add} and by the driver when it averages. */
    public double[] grad() {
        return grad;
    }

    public double lossSum() {
        return lossSum;
    }

    public long count() {
        return count;
    }
}
