package org.sparkmlp.data;

import java.io.Serializable;
import java.util.Arrays;
import org.sparkmlp.math.Checks;

/**
 * Count, per-feature mean and variance, and label statistics of a set of rows, built in one pass and
 * mergeable, so that partitions are summarised independently and combined on the driver. Means and
 * variances use Welford's update and Chan et al.'s pairwise merge, which stay accurate where the naive
 * sum of squares cancels.
 */
public final class DataSummary implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int numFeatures;
    private long count;
    private final double[] mean;
    private final double[] m2;
    private double labelMean;
    private double labelM2;
    private double labelMin = Double.POSITIVE_INFINITY;
    private double labelMax = Double.NEGATIVE_INFINITY;
    private boolean labelsIntegral = true;
    private long heldOut;
    /** Total sample weight per integral label value, for balanced class weights. */
    private double[] classTotals = new double[0];

    public DataSummary(int numFeatures) {
        this.numFeatures = numFeatures;
        this.mean = new double[numFeatures];
        this.m2 = new double[numFeatures];
    }

    /** Adds every row of {@code block}. */
    public DataSummary add(DataBlock block) {
        Checks.arg(block.numFeatures() == numFeatures, "block has %s features, summary has %s",
            block.numFeatures(), numFeatures);
        float[] x = block.features();
        for (int r = 0; r < block.rows(); r++) {
            count++;
            double inv = 1.0 / count;
            int off = r * numFeatures;
            for (int j = 0; j < numFeatures; j++) {
                double d = x[off + j] - mean[j];
                mean[j] += d * inv;
                m2[j] += d * (x[off + j] - mean[j]);
            }
            double y = block.label(r);
            double d = y - labelMean;
            labelMean += d * inv;
            labelM2 += d * (y - labelMean);
            labelMin = Math.min(labelMin, y);
            labelMax = Math.max(labelMax, y);
            labelsIntegral &= y == Math.rint(y);
            if (y == Math.rint(y) && y >= 0 && y < 1 << 16) {
                int c = (int) y;
                if (c >= classTotals.length) {
                    classTotals = java.util.Arrays.copyOf(classTotals, c + 1);
                }
                classTotals[c] += block.weight(r);
            }
        }
        return this;
    }

    /** Merges {@code other} into this summary and returns this; {@code other} is not modified. */
    public DataSummary merge(DataSummary other) {
        Checks.arg(other.numFeatures == numFeatures, "cannot merge summaries of %s and %s features",
            numFeatures, other.numFeatures);
        heldOut += other.heldOut;
        if (other.classTotals.length > classTotals.length) {
            classTotals = java.util.Arrays.copyOf(classTotals, other.classTotals.length);
        }
        for (int c = 0; c < other.classTotals.length; c++) {
            classTotals[c] += other.classTotals[c];
        }
        if (other.count == 0) {
            return this;
        }
        long n = count + other.count;
        double wa = (double) count / n;
        double wb = (double) other.count / n;
        double cross = (double) count * other.count / n;
        for (int j = 0; j < numFeatures; j++) {
            double d = other.mean[j] - mean[j];
            mean[j] = wa * mean[j] + wb * other.mean[j];
            m2[j] += other.m2[j] + d * d * cross;
        }
        double d = other.labelMean - labelMean;
        labelMean = wa * labelMean + wb * other.labelMean;
        labelM2 += other.labelM2 + d * d * cross;
        labelMin = Math.min(labelMin, other.labelMin);
        labelMax = Math.max(labelMax, other.labelMax);
        labelsIntegral &= other.labelsIntegral;
        count = n;
        return this;
    }

    public int numFeatures() {
        return numFeatures;
    }

    /** The total sample weight of the rows whose label is each integer 0, 1, ...; empty past the largest. */
    public double[] classTotals() {
        return classTotals.clone();
    }

    /** Counts {@code rows} held out for validation; they are not in the statistics. */
    public void addHeldOut(long rows) {
        heldOut += rows;
    }

    /** Rows held out for validation. */
    public long heldOut() {
        return heldOut;
    }

    /** Training rows: the rows the statistics describe. */
    public long count() {
        return count;
    }

    public double[] mean() {
        return mean.clone();
    }

    /** Population standard deviation of each feature. */
    public double[] std() {
        double[] s = new double[numFeatures];
        for (int j = 0; j < numFeatures; j++) {
            s[j] = count > 0 ? Math.sqrt(m2[j] / count) : 0;
        }
        return s;
    }

    public double labelMean() {
        return labelMean;
    }

    public double labelStd() {
        return count > 0 ? Math.sqrt(labelM2 / count) : 0;
    }

    public double labelMin() {
        return labelMin;
    }

    public double labelMax() {
        return labelMax;
    }

    public boolean labelsIntegral() {
        return labelsIntegral;
    }

    @Override
    public String toString() {
        return "DataSummary(count=" + count + ", features=" + numFeatures + ", mean=" + Arrays.toString(mean) + ")";
    }
}
