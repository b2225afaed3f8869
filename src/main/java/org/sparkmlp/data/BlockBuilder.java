package org.sparkmlp.data;

import java.util.ArrayList;
import java.util.List;
import org.sparkmlp.math.Checks;

/** Packs rows, one at a time, into {@link DataBlock}s of at most {@code blockSize} rows. */
public final class BlockBuilder {
    private final int numFeatures;
    private final int blockSize;
    private float[] features;
    private float[] labels;
    private int rows;
    private final boolean validation;
    private final boolean weighted;
    private float[] weights;

    public BlockBuilder(int numFeatures, int blockSize) {
        this(numFeatures, blockSize, false);
    }

    /** @param validation whether the blocks hold validation rows */
    public BlockBuilder(int numFeatures, int blockSize, boolean validation) {
        this(numFeatures, blockSize, validation, false);
    }

    /**
     * @param validation whether the blocks hold validation rows
     * @param weighted   whether rows come with sample weights ({@link #commitRow(float, float)})
     */
    public BlockBuilder(int numFeatures, int blockSize, boolean validation, boolean weighted) {
        Checks.arg(numFeatures > 0 && blockSize > 0, "numFeatures and blockSize must be > 0, got %s and %s",
            numFeatures, blockSize);
        this.numFeatures = numFeatures;
        this.blockSize = blockSize;
        this.validation = validation;
        this.weighted = weighted;
        reset();
    }

    private void reset() {
        features = new float[blockSize * numFeatures];
        labels = new float[blockSize];
        weights = weighted ? new float[blockSize] : null;
        rows = 0;
    }

    /** The feature slot for the next row; fill {@code numFeatures} values from {@link #nextOffset()}. */
    public float[] featureArray() {
        return features;
    }

    public int nextOffset() {
        return rows * numFeatures;
    }

    /** Finishes the row whose features were written at {@link #nextOffset()}; returns a full block or null. */
    public DataBlock commitRow(float label) {
        return commitRow(label, 1f);
    }

    /** {@link #commitRow(float)} with the row's sample weight (kept when the builder is weighted). */
    public DataBlock commitRow(float label, float weight) {
        if (weights != null) {
            weights[rows] = weight;
        }
        labels[rows++] = label;
        if (rows == blockSize) {
            DataBlock block = new DataBlock(rows, numFeatures, features, labels, weights, validation);
            reset();
            return block;
        }
        return null;
    }

    /** The last, partly filled block (trimmed to its rows), or null when there is none. */
    public DataBlock finish() {
        if (rows == 0) {
            return null;
        }
        DataBlock block = new DataBlock(rows, numFeatures, java.util.Arrays.copyOf(features, rows * numFeatures),
            java.util.Arrays.copyOf(labels, rows), weights == null ? null : java.util.Arrays.copyOf(weights, rows),
            validation);
        reset();
        return block;
    }

    /** Packs whole arrays with sample weights; convenient for tests and small local data. */
    public static List<DataBlock> pack(double[][] x, double[] y, double[] w, int blockSize) {
        Checks.arg(y.length == w.length, "%s labels but %s weights", y.length, w.length);
        return packRows(x, y, w, blockSize);
    }

    /** Packs whole arrays; convenient for tests and small local data. */
    public static List<DataBlock> pack(double[][] x, double[] y, int blockSize) {
        return packRows(x, y, null, blockSize);
    }

    private static List<DataBlock> packRows(double[][] x, double[] y, double[] w, int blockSize) {
        Checks.arg(x.length == y.length, "%s feature rows but %s labels", x.length, y.length);
        Checks.arg(x.length > 0, "no rows to pack");
        BlockBuilder b = new BlockBuilder(x[0].length, blockSize, false, w != null);
        List<DataBlock> out = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            Checks.arg(x[i].length == b.numFeatures, "row has %s features, expected %s", x[i].length, b.numFeatures);
            int off = b.nextOffset();
            for (int j = 0; j < b.numFeatures; j++) {
                b.features[off + j] = (float) x[i][j];
            }
            DataBlock full = b.commitRow((float) y[i], w == null ? 1f : (float) w[i]);
            if (full != null) {
                out.add(full);
            }
        }
        DataBlock last = b.finish();
        if (last != null) {
            out.add(last);
        }
        return out;
    }
}
