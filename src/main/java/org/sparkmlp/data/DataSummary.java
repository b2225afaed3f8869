package org.sparkmlp.data;

import java.io.Serializable;
import java.util.Arrays;
import org.sparkmlp.math.Checks;

/**
 * Count, per-feature mean and variance, and label statistics of a set of rows, built in one pass and
 * mergeable, so that partitions are summarised independently and combined on the driver. Means and
 * variances use Welford's update and Chan et al.'s pairwise merge, which stay accurate where the naive
 * sum of squares cancels. It also notes, per feature, whether its values are only zero and one other value:
 * an indicator (a one-hot level, a 0/1 flag, either after a scaler), which the preprocessing scales by that
 * value instead of by its spread.
 */
public final class DataSummary implements Serializable {
    private static final long serialVersionUID = 3L;

    private final int numFeatures;
    private final int numLabels;
    private long count;
    private final double[] mean;
    private final double[] m2;
    /** Per feature, the first non-zero value seen, 0 while there is none. */
    private final double[] level;
    /** Per feature, whether a second non-zero value was seen. */
    private final boolean[] manyLevels;
    private final double[] labelMean;
    private final double[] labelM2;
    private double labelMin = Double.POSITIVE_INFINITY;
    private double labelMax = Double.NEGATIVE_INFINITY;
    private boolean labelsIntegral = true;
    private long heldOut;
    /** Whether the rows came as sparse rows. */
    private boolean sparse;
    /** Total sample weight per integral label value, for balanced class weights. */
    private double[] classTotals = new double[0];
    /** Per-feature sums of a sparse block, zero between blocks; allocated for the first one. */
    private transient double[] sums;
    private transient double[] squares;

    /** A summary of rows with one label. */
    public DataSummary(int numFeatures) {
        this(numFeatures, 1);
    }

    /** A summary of rows with {@code numLabels} labels; the class statistics are of the first. */
    public DataSummary(int numFeatures, int numLabels) {
        Checks.arg(numFeatures > 0 && numLabels > 0, "a summary needs features and labels, got %s and %s",
            numFeatures, numLabels);
        this.numFeatures = numFeatures;
        this.numLabels = numLabels;
        this.mean = new double[numFeatures];
        this.m2 = new double[numFeatures];
        this.level = new double[numFeatures];
        this.manyLevels = new boolean[numFeatures];
        this.labelMean = new double[numLabels];
        this.labelM2 = new double[numLabels];
    }

    /** Adds every row of {@code block}. */
    public DataSummary add(DataBlock block) {
        Checks.arg(block.numFeatures() == numFeatures && block.numLabels() == numLabels,
            "block has %s features and %s labels, summary has %s and %s", block.numFeatures(), block.numLabels(),
            numFeatures, numLabels);
        if (block.sparse() != null) {
            sparse = true;
            addSparseFeatures(block.sparse());
            for (int r = 0; r < block.rows(); r++) {
                count++;
                addLabels(block, r, 1.0 / count);
            }
            return this;
        }
        float[] x = block.features();
        for (int r = 0; r < block.rows(); r++) {
            count++;
            double inv = 1.0 / count;
            int off = r * numFeatures;
            for (int j = 0; j < numFeatures; j++) {
                double v = x[off + j];
                double d = v - mean[j];
                mean[j] += d * inv;
                m2[j] += d * (v - mean[j]);
                noteLevel(j, v);
            }
            addLabels(block, r, inv);
        }
        return this;
    }

    /**
     * Merges the feature statistics of sparse rows, whose unstored values are zeros, into these (of
     * {@code count} rows so far): the rows' sums and sums of squares over their stored values, then Chan
     * et al.'s merge, so that the work per row is its stored values, plus one pass over the features.
     */
    private void addSparseFeatures(org.sparkmlp.math.SparseRows x) {
        int nb = x.rows();
        if (nb == 0) {
            return;
        }
        if (sums == null) {
            sums = new double[numFeatures];
            squares = new double[numFeatures];
        }
        int[] index = x.index();
        float[] value = x.value();
        for (int k = 0; k < x.nonZeros(); k++) {
            double v = value[k];
            sums[index[k]] += v;
            squares[index[k]] += v * v;
            noteLevel(index[k], v);
        }
        long n = count + nb;
        double wa = (double) count / n;
        double wb = (double) nb / n;
        double cross = (double) count * nb / n;
        for (int j = 0; j < numFeatures; j++) {
            double mb = sums[j] / nb;
            double m2b = Math.max(0, squares[j] - nb * mb * mb);
            double d = mb - mean[j];
            mean[j] = wa * mean[j] + wb * mb;
            m2[j] += m2b + d * d * cross;
            sums[j] = 0;
            squares[j] = 0;
        }
    }

    private void noteLevel(int j, double v) {
        if (v != 0 && v != level[j]) {
            if (level[j] == 0) {
                level[j] = v;
            } else {
                manyLevels[j] = true;
            }
        }
    }

    /** Adds the labels of row {@code r}, the summary's row number {@code 1 / inv}. */
    private void addLabels(DataBlock block, int r, double inv) {
        for (int j = 0; j < numLabels; j++) {
            double y = block.label(r, j);
            double d = y - labelMean[j];
            labelMean[j] += d * inv;
            labelM2[j] += d * (y - labelMean[j]);
        }
        double y = block.label(r);
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

    /** Merges {@code other} into this summary and returns this; {@code other} is not modified. */
    public DataSummary merge(DataSummary other) {
        Checks.arg(other.numFeatures == numFeatures && other.numLabels == numLabels,
            "cannot merge summaries of %s and %s features", numFeatures, other.numFeatures);
        heldOut += other.heldOut;
        sparse |= other.sparse;
        if (other.classTotals.length > classTotals.length) {
            classTotals = java.util.Arrays.copyOf(classTotals, other.classTotals.length);
        }
        for (int c = 0; c < other.classTotals.length; c++) {
            classTotals[c] += other.classTotals[c];
        }
        for (int j = 0; j < numFeatures; j++) {
            manyLevels[j] |= other.manyLevels[j];
            noteLevel(j, other.level[j]);
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
        for (int j = 0; j < numLabels; j++) {
            double d = other.labelMean[j] - labelMean[j];
            labelMean[j] = wa * labelMean[j] + wb * other.labelMean[j];
            labelM2[j] += other.labelM2[j] + d * d * cross;
        }
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

    /** Whether the rows came as sparse rows, which the preprocessing scales but does not centre. */
    public boolean sparse() {
        return sparse;
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

    /**
     * The non-zero value of each feature whose values are zero and one other value, both seen (an
     * indicator); 0 for every other feature.
     */
    public double[] indicatorLevels() {
        double[] levels = new double[numFeatures];
        for (int j = 0; j < numFeatures; j++) {
            levels[j] = !manyLevels[j] && m2[j] > 0 ? level[j] : 0;
        }
        return levels;
    }

    public int numLabels() {
        return numLabels;
    }

    /** The mean of each label. */
    public double[] labelMean() {
        return labelMean.clone();
    }

    /** The population standard deviation of each label. */
    public double[] labelStd() {
        double[] s = new double[numLabels];
        for (int j = 0; j < numLabels; j++) {
            s[j] = count > 0 ? Math.sqrt(labelM2[j] / count) : 0;
        }
        return s;
    }

    /** The smallest value of the first label. */
    public double labelMin() {
        return labelMin;
    }

    /** The largest value of the first label. */
    public double labelMax() {
        return labelMax;
    }

    /** Whether every value of the first label is a whole number. */
    public boolean labelsIntegral() {
        return labelsIntegral;
    }

    @Override
    public String toString() {
        return "DataSummary(count=" + count + ", features=" + numFeatures + ", mean=" + Arrays.toString(mean) + ")";
    }
}
