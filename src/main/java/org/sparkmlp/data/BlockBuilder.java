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

    public BlockBuilder(int numFeatures, int blockSize) {
        this(numFeatures, blockSize, false);
    }

    /** @param validation whether the blocks hold validation rows */
    public BlockBuilder(int numFeatures, int blockSize, boolean validation) {
        Checks.arg(numFeatures > 0 && blockSize > 0, "numFeatures and blockSize must be > 0, got %s and %s",
            numFeatures, blockSize);
        this.numFeatures = numFeatures;
        this.blockSize = blockSize;
        this.validation = validation;
        reset();
    }

    private void reset() {
        features = new float[blockSize * numFeatures];
        labels = new float[blockSize];
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
        labels[rows++] = label;
        if (rows == blockSize) {
            DataBlock block = new DataBlock(rows, numFeatures, features, labels, validation);
            reset();
            return block;
        }
        return null;
    }

    /** Adds one row; returns a block when this row completes one, otherwise null. */
    public DataBlock add(double[] rowFeatures, double label) {
        Checks.arg(rowFeatures.length == numFeatures, "row has %s features, expected %s", rowFeatures.length, numFeatures);
        int off = nextOffset();
        for (int j = 0; j < numFeatures; j++) {
            features[off + j] = (float) rowFeatures[j];
        }
        return commitRow((float) label);
    }

    /** The last, partly filled block (trimmed to its rows), or null when there is none. */
    public DataBlock finish() {
        if (rows == 0) {
            return null;
        }
        DataBlock block = new DataBlock(rows, numFeatures,
            java.util.Arrays.copyOf(features, rows * numFeatures), java.util.Arrays.copyOf(labels, rows), validation);
        reset();
        return block;
    }

    /** Packs whole arrays; convenient for tests and small local data. */
    public static List<DataBlock> pack(double[][] x, double[] y, int blockSize) {
        Checks.arg(x.length == y.length, "%s feature rows but %s labels", x.length, y.length);
        Checks.arg(x.length > 0, "no rows to pack");
        BlockBuilder b = new BlockBuilder(x[0].length, blockSize);
        List<DataBlock> out = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            DataBlock full = b.add(x[i], y[i]);
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
