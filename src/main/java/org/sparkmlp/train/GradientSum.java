package org.sparkmlp.train;

import java.io.Serializable;
import org.sparkmlp.math.Checks;

/**
 * What one partition contributes to an iteration: the gradient of its summed loss, the summed loss and
 * the number of examples, sums, not means: the driver divides once by the global count. Also, when the
 * iteration validates, the metrics on the partition's held-out rows (computed with the same weights), and
 * how long the partition's computation took; the driver adds how long the broadcast and the job took.
 */
public final class GradientSum implements Serializable {
    private static final long serialVersionUID = 1L;

    private final double[] grad;
    private double lossSum;
    private long count;
    private double weightSum;
    private org.sparkmlp.model.Metrics validation;
    private double computeSeconds;
    private double broadcastSeconds;
    private double jobSeconds;

    public GradientSum(double[] grad, double lossSum, long count) {
        this(grad, lossSum, count, count);
    }

    /** @param weightSum the examples' total weight, which the driver divides by; their count when unweighted */
    public GradientSum(double[] grad, double lossSum, long count, double weightSum) {
        this.grad = grad;
        this.lossSum = lossSum;
        this.count = count;
        this.weightSum = weightSum;
    }

    /** The examples' total weight: the gradient and the loss are weighted sums over them. */
    public double weightSum() {
        return weightSum;
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
        weightSum += other.weightSum;
        if (other.validation != null) {
            if (validation == null) {
                validation = new org.sparkmlp.model.Metrics(other.validation.numClasses());
            }
            validation.merge(other.validation);
        }
        computeSeconds = Math.max(computeSeconds, other.computeSeconds);
        return this;
    }

    /** The metrics on held-out rows, merged in partition order; null when the iteration did not validate. */
    public org.sparkmlp.model.Metrics validation() {
        return validation;
    }

    public GradientSum withValidation(org.sparkmlp.model.Metrics m) {
        validation = m;
        return this;
    }

    /** The longest partition's computation, in seconds. */
    public double computeSeconds() {
        return computeSeconds;
    }

    public GradientSum withComputeSeconds(double s) {
        computeSeconds = s;
        return this;
    }

    public double broadcastSeconds() {
        return broadcastSeconds;
    }

    /** The job, from submission to the sum on the driver, in seconds. */
    public double jobSeconds() {
        return jobSeconds;
    }

    /** Records the driver's timings of the iteration. */
    public GradientSum withDriverTimes(double broadcast, double job) {
        broadcastSeconds = broadcast;
        jobSeconds = job;
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
