package org.sparkmlp.train;

import java.io.Serializable;
import org.sparkmlp.math.Checks;
import org.sparkmlp.math.Chunks;

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
    /** Whether {@link #grad} still holds whatever {@link #reusing} was given, standing for zeros. */
    private transient boolean unset;
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

    /**
     * A zero sum that accumulates into {@code buffer}, whatever it holds: the first sum added is written
     * over it ({@code 0.0 + x}, the same bits as adding it to zeros). For a driver that keeps one gradient
     * buffer for a whole run.
     */
    public static GradientSum reusing(double[] buffer) {
        GradientSum s = new GradientSum(buffer, 0.0, 0);
        s.unset = true;
        return s;
    }

    /** Adds {@code other} into this sum and returns this; {@code other} is never modified. */
    public GradientSum add(GradientSum other) {
        return add(other, false);
    }

    /**
     * {@link #add}, the gradient's chunks spread over the cores ({@link Chunks}): for the driver, whose
     * cores are free while it adds the tasks' sums. The same bits as {@link #add}.
     */
    public GradientSum addInParallel(GradientSum other) {
        return add(other, true);
    }

    private GradientSum add(GradientSum other, boolean parallel) {
        double[] g = unset ? grad : grad();
        Checks.arg(other.length() == g.length, "cannot add gradients of %s and %s parameters",
            g.length, other.length());
        Chunks.Range body = addition(g, other, unset);
        if (parallel) {
            Chunks.forEach(g.length, body);
        } else {
            body.run(0, g.length);
        }
        unset = false;
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

    /** Adding {@code other}'s gradient into {@code g}, or writing it over {@code g} when {@code over}. */
    private static Chunks.Range addition(double[] g, GradientSum other, boolean over) {
        float[] f = other.compactGrad;
        double[] d = other.grad;
        if (over) {
            return f != null ? (from, to) -> {
                for (int i = from; i < to; i++) {
                    g[i] = 0.0 + f[i];
                }
            } : (from, to) -> {
                for (int i = from; i < to; i++) {
                    g[i] = 0.0 + d[i];
                }
            };
        }
        return f != null ? (from, to) -> {
            for (int i = from; i < to; i++) {
                g[i] += f[i];
            }
        } : (from, to) -> {
            for (int i = from; i < to; i++) {
                g[i] += d[i];
            }
        };
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
        if (unset) {
            java.util.Arrays.fill(grad, 0.0);
            unset = false;
        }
        if (grad == null) {
            grad = org.sparkmlp.math.Kernels.toDoubles(compactGrad);
            compactGrad = null;
        }
        return grad;
    }

    /** The bytes the gradient takes on the wire. */
    public long gradientBytes() {
        return grad != null ? 8L * grad.length : 4L * compactGrad.length;
    }

    private void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
        if (unset) {
            grad();
        }
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
