package org.sparkmlp.data;

import java.io.Serializable;
import org.sparkmlp.math.Checks;
import org.sparkmlp.math.SparseRows;

/**
 * Up to a block's worth of training rows, stored compactly as they were read: {@code features} is
 * {@code [rows x numFeatures]} row-major in float32, {@code labels} is {@code [rows x numLabels]}: a class
 * index per row, or one or more regression targets. The features are the raw values as read, or, in a
 * {@link #standardized()} block, already standardised by the model's preprocessing (a trainer caches its
 * training rows that way, so that its gradient pass reads them as they are). A validation block holds
 * rows held out from training: they are only evaluated.
 */
public final class DataBlock implements Serializable {
    private static final long serialVersionUID = 3L;

    private final int rows;
    private final int numFeatures;
    private final int numLabels;
    private final float[] features;
    /** The features as sparse rows, in place of {@code features}; null for a dense block. */
    private final SparseRows sparse;
    private final float[] labels;
    private final boolean validation;
    private final float[] weights;
    private final boolean standardized;

    public DataBlock(int rows, int numFeatures, float[] features, float[] labels) {
        this(rows, numFeatures, features, labels, false);
    }

    public DataBlock(int rows, int numFeatures, float[] features, float[] labels, boolean validation) {
        this(rows, numFeatures, features, labels, null, validation);
    }

    /** A block with one label per row; {@code weights} holds one sample weight per row, or is null when every row weighs 1. */
    public DataBlock(int rows, int numFeatures, float[] features, float[] labels, float[] weights,
                     boolean validation) {
        this(rows, numFeatures, 1, features, labels, weights, validation);
    }

    /** The full form, with {@code numLabels} labels per row. */
    public DataBlock(int rows, int numFeatures, int numLabels, float[] features, float[] labels, float[] weights,
                     boolean validation) {
        this(rows, numFeatures, numLabels, features, labels, weights, validation, false);
    }

    private DataBlock(int rows, int numFeatures, int numLabels, float[] features, float[] labels, float[] weights,
                      boolean validation, boolean standardized) {
        this(rows, numFeatures, numLabels, features, null, labels, weights, validation, standardized);
    }

    private DataBlock(int rows, int numFeatures, int numLabels, float[] features, SparseRows sparse, float[] labels,
                      float[] weights, boolean validation, boolean standardized) {
        Checks.arg(rows >= 0 && numFeatures > 0 && numLabels > 0,
            "a block needs rows >= 0, numFeatures > 0 and numLabels > 0");
        Checks.arg((features == null ? sparse.rows() == rows && sparse.cols() == numFeatures
                : features.length == rows * numFeatures) && labels.length == rows * numLabels,
            "block of %s rows x %s features and %s labels got %s feature values and %s label values",
            rows, numFeatures, numLabels, features == null ? sparse.rows() + " sparse rows of " + sparse.cols()
                : features.length, labels.length);
        Checks.arg(weights == null || weights.length == rows, "block of %s rows got %s weights", rows,
            weights == null ? 0 : weights.length);
        this.rows = rows;
        this.numFeatures = numFeatures;
        this.numLabels = numLabels;
        this.features = features;
        this.sparse = sparse;
        this.labels = labels;
        this.validation = validation;
        this.weights = weights;
        this.standardized = standardized;
    }

    /**
     * A block of sparse rows: {@code features}' rows with {@code numLabels} labels each and the weights
     * (null when every row weighs 1).
     */
    public static DataBlock sparse(SparseRows features, int numLabels, float[] labels, float[] weights,
                                   boolean validation) {
        return new DataBlock(features.rows(), features.cols(), numLabels, null, features, labels, weights, validation,
            false);
    }

    /** The same rows with {@code features} standardised in their place; labels and weights are shared. */
    public DataBlock withStandardizedFeatures(float[] features) {
        Checks.state(!standardized, "the block is already standardised");
        return new DataBlock(rows, numFeatures, numLabels, features, labels, weights, validation, true);
    }

    /** The same sparse rows with {@code features} scaled in their place; labels and weights are shared. */
    public DataBlock withStandardizedFeatures(SparseRows features) {
        Checks.state(!standardized && sparse != null, "the block is already standardised, or is not sparse");
        return new DataBlock(rows, numFeatures, numLabels, null, features, labels, weights, validation, true);
    }

    /** The features as sparse rows, or null when the block is dense ({@link #features()}). */
    public SparseRows sparse() {
        return sparse;
    }

    /** Whether the features are already standardised by the model's preprocessing. */
    public boolean standardized() {
        return standardized;
    }

    /** The sample weight of {@code row}: 1 unless the data has a weight column. */
    public float weight(int row) {
        return weights == null ? 1f : weights[row];
    }

    /** The sample weights, or null when every row weighs 1; not to be modified. */
    public float[] weights() {
        return weights;
    }

    /** Whether the rows are held out for validation rather than trained on. */
    public boolean validation() {
        return validation;
    }

    public int rows() {
        return rows;
    }

    public int numFeatures() {
        return numFeatures;
    }

    /** Labels per row: 1 for a classifier, the number of targets for a regression. */
    public int numLabels() {
        return numLabels;
    }

    /** The raw feature values, row-major; not to be modified. A sparse block has {@link #sparse()} instead. */
    public float[] features() {
        Checks.state(features != null, "the block holds sparse rows; read sparse()");
        return features;
    }

    /** The raw labels, {@code [rows x numLabels]} row-major; not to be modified. */
    public float[] labels() {
        return labels;
    }

    /** The first (for a classifier, the only) label of {@code row}. */
    public float label(int row) {
        return labels[row * numLabels];
    }

    /** Label {@code j} of {@code row}. */
    public float label(int row, int j) {
        return labels[row * numLabels + j];
    }
}
