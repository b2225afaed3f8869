package org.sparkmlp.data;

import java.io.Serializable;
import org.sparkmlp.math.Checks;

/**
 * Up to a block's worth of training rows, stored compactly as they were read: {@code features} is
 * {@code [rows x numFeatures]} row-major in float32, {@code labels} holds one value per row (a class
 * index or a regression target). Standardisation is applied when rows are copied into the double
 * buffers of the compute kernel, so the cached data stays the raw values. A validation block holds rows
 * held out from training: they are only evaluated.
 */
public final class DataBlock implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int rows;
    private final int numFeatures;
    private final float[] features;
    private final float[] labels;
    private final boolean validation;
    private final float[] weights;

    public DataBlock(int rows, int numFeatures, float[] features, float[] labels) {
        this(rows, numFeatures, features, labels, false);
    }

    public DataBlock(int rows, int numFeatures, float[] features, float[] labels, boolean validation) {
        this(rows, numFeatures, features, labels, null, validation);
    }

    /** @param weights one sample weight per row, or null when every row weighs 1 */
    public DataBlock(int rows, int numFeatures, float[] features, float[] labels, float[] weights,
                     boolean validation) {
        Checks.arg(rows >= 0 && numFeatures > 0, "a block needs rows >= 0 and numFeatures > 0");
        Checks.arg(features.length == rows * numFeatures && labels.length == rows,
            "block of %s rows x %s features got %s feature values and %s labels",
            rows, numFeatures, features.length, labels.length);
        this.rows = rows;
        this.numFeatures = numFeatures;
        this.features = features;
        this.labels = labels;
        this.validation = validation;
        Checks.arg(weights == null || weights.length == rows, "block of %s rows got %s weights", rows,
            weights == null ? 0 : weights.length);
        this.weights = weights;
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

    /** The raw feature values, row-major; not to be modified. */
    public float[] features() {
        return features;
    }

    /** The raw labels; not to be modified. */
    public float[] labels() {
        return labels;
    }

    public float label(int row) {
        return labels[row];
    }

}
