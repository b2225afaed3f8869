package org.sparkmlp.train;

import java.io.Serializable;
import org.sparkmlp.math.Checks;

/**
 * What one partition contributes to an iteration: the gradient of its summed loss, the summed loss and
 * the number of examples, sums, not means: the driver divides once by the global count. Also, when the
 * iteration validates, the metrics on the partition's held-out rows (computed with the same weights), and
 * how long the partition's computation took; the driver adds how long the broadcast and the job took.
 *
 * <p>A partition whose gradient pass runs in single precision sends its gradient {@link #compact compact}:
 * its double-precision sum rounded once to float (a relative error of at most 2<sup>-24</sup> per value,
 * below the float pass's own), half the bytes. Sums are added in double, in an order the caller fixes.
 * The arrays are serialized as raw bytes (see {@link RawArrays}).
 */
public final class GradientSum implements Serializable {
    private static final long serialVersionUID = 2L;

    /** The gradient in double; null while the sum is {@link #compact}. */
    private transient double[] grad;
    /** The gradient rounded to float, for a partition's sum on its way to the driver; else null. */
    private transient float[] compactGrad;
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

    /** A sum whose gradient {@code grad} is rounded to single precision; {@code grad} is not kept. */
    public static GradientSum compact(double[] grad, double lossSum, long count, double weightSum) {
        GradientSum s = new GradientSum(null, lossSum, count, weightSum);
        s.compactGrad = org.sparkmlp.math.Kernels.toFloats(grad);
        return s;
    }

    /** Whether the gradient is held rounded to single precision. */
    public boolean isCompact() {
        return compactGrad != null;
    }

    private int length() {
        return grad != null ? grad.length : compactGrad.length;
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
        double[] g = grad();
        Checks.arg(other.length() == g.length, "cannot add gradients of %s and %s parameters",
            g.length, other.length());
        if (other.compactGrad != null) {
            float[] o = other.compactGrad;
            for (int i = 0; i < g.length; i++) {
                g[i] += o[i];
            }
        } else {
            double[] o = other.grad;
            for (int i = 0; i < g.length; i++) {
                g[i] += o[i];
            }
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

    /**
     * The summed gradient in double (a compact one widened, once); modified in place by {@link #add} and by
     * the driver when it averages.
     */
    public double[] grad() {
        if (grad == null) {
            grad = new double[compactGrad.length];
            for (int i = 0; i < grad.length; i++) {
                grad[i] = compactGrad[i];
            }
            compactGrad = null;
        }
        return grad;
    }

    /** The bytes the gradient takes on the wire. */
    public long gradientBytes() {
        return grad != null ? 8L * grad.length : 4L * compactGrad.length;
    }

    private void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
        out.defaultWriteObject();
        out.writeBoolean(compactGrad != null);
        if (compactGrad != null) {
            RawArrays.writeFloats(out, compactGrad);
        } else {
            RawArrays.writeDoubles(out, grad);
        }
    }

    private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
        in.defaultReadObject();
        if (in.readBoolean()) {
            compactGrad = RawArrays.readFloats(in);
        } else {
            grad = RawArrays.readDoubles(in);
        }
    }

    public double lossSum() {
        return lossSum;
    }

    public long count() {
        return count;
    }
}
