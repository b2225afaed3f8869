package org.sparkmlp.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.sparkmlp.math.Checks;
import org.sparkmlp.math.SparseRows;

/**
 * Packs rows, one at a time, into {@link DataBlock}s of at most {@code blockSize} rows: a reader writes a
 * row's features at {@link #nextOffset()} of {@link #featureArray()} and its labels at
 * {@link #nextLabelOffset()} of {@link #labelArray()}, then commits it.
 */
public final class BlockBuilder {
    private final int numFeatures;
    private final int numLabels;
    private final int blockSize;
    private final boolean validation;
    private final boolean weighted;
    private float[] features;
    private float[] labels;
    private float[] weights;
    private int rows;
    /** A sparse builder's rows so far, and the next row's stored values; null when dense. */
    private SparseRows sparseRows;
    private final int[] rowColumns;
    private final float[] rowValues;
    private int rowStored;

    public BlockBuilder(int numFeatures, int blockSize) {
        this(numFeatures, 1, blockSize, false, false);
    }

    /**
     * @param numLabels  labels per row: 1, or a regression's targets
     * @param validation whether the blocks hold validation rows
     * @param weighted   whether rows come with sample weights ({@link #commitRow(float)})
     */
    public BlockBuilder(int numFeatures, int numLabels, int blockSize, boolean validation, boolean weighted) {
        this(numFeatures, numLabels, blockSize, validation, weighted, false);
    }

    /**
     * @param sparse whether the blocks hold sparse rows: a reader writes a row's stored values at
     *               {@link #rowColumns()} and {@link #rowValues()} and their count with {@link #rowNonZeros}
     */
    public BlockBuilder(int numFeatures, int numLabels, int blockSize, boolean validation, boolean weighted,
                        boolean sparse) {
        Checks.arg(numFeatures > 0 && numLabels > 0 && blockSize > 0,
            "numFeatures, numLabels and blockSize must be > 0, got %s, %s and %s", numFeatures, numLabels, blockSize);
        this.numFeatures = numFeatures;
        this.numLabels = numLabels;
        this.blockSize = blockSize;
        this.validation = validation;
        this.weighted = weighted;
        this.rowColumns = sparse ? new int[numFeatures] : null;
        this.rowValues = sparse ? new float[numFeatures] : null;
        reset();
    }

    /** Whether the blocks hold sparse rows. */
    public boolean sparse() {
        return rowColumns != null;
    }

    /** The next sparse row's columns, ascending, {@link #rowNonZeros} of them. */
    public int[] rowColumns() {
        return rowColumns;
    }

    /** The next sparse row's values, at {@link #rowColumns()}. */
    public float[] rowValues() {
        return rowValues;
    }

    /** How many of {@link #rowColumns()} and {@link #rowValues()} the next sparse row uses. */
    public void rowNonZeros(int n) {
        rowStored = n;
    }

    /** A fresh block: its arrays are handed over with it, the sparse rows' buffer is kept and trimmed off. */
    private void reset() {
        if (!sparse()) {
            features = new float[blockSize * numFeatures];
        } else if (sparseRows == null) {
            sparseRows = new SparseRows(numFeatures, blockSize, 0);
        } else {
            sparseRows.clear();
        }
        labels = new float[blockSize * numLabels];
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

    /** The label slot for the next row; fill {@code numLabels} values from {@link #nextLabelOffset()}. */
    public float[] labelArray() {
        return labels;
    }

    public int nextLabelOffset() {
        return rows * numLabels;
    }

    /**
     * Finishes the row whose features and labels were written at the next offsets, with its sample weight
     * (kept when the builder is weighted); returns a full block or null.
     */
    public DataBlock commitRow(float weight) {
        if (weights != null) {
            weights[rows] = weight;
        }
        if (sparse()) {
            sparseRows.add(rowColumns, rowValues, 0, rowStored, null);
        }
        if (++rows == blockSize) {
            DataBlock block = sparse() ? DataBlock.sparse(sparseRows.trimmed(), numLabels, labels, weights, validation)
                : new DataBlock(rows, numFeatures, numLabels, features, labels, weights, validation);
            reset();
            return block;
        }
        return null;
    }

    /** {@link #commitRow(float)} for a row with one label, written here. */
    public DataBlock commitRow(float label, float weight) {
        labels[rows * numLabels] = label;
        return commitRow(weight);
    }

    /** The last, partly filled block (trimmed to its rows), or null when there is none. */
    public DataBlock finish() {
        if (rows == 0) {
            return null;
        }
        if (sparse()) {
            DataBlock block = DataBlock.sparse(sparseRows.trimmed(), numLabels, Arrays.copyOf(labels, rows * numLabels),
                weights == null ? null : Arrays.copyOf(weights, rows), validation);
            reset();
            return block;
        }
        DataBlock block = new DataBlock(rows, numFeatures, numLabels, Arrays.copyOf(features, rows * numFeatures),
            Arrays.copyOf(labels, rows * numLabels), weights == null ? null : Arrays.copyOf(weights, rows),
            validation);
        reset();
        return block;
    }

    /** Packs whole arrays with sample weights; convenient for tests and small local data. */
    public static List<DataBlock> pack(double[][] x, double[] y, double[] w, int blockSize) {
        Checks.arg(y.length == w.length, "%s labels but %s weights", y.length, w.length);
        return pack(x, column(y), w, blockSize);
    }

    /** Packs whole arrays; convenient for tests and small local data. */
    public static List<DataBlock> pack(double[][] x, double[] y, int blockSize) {
        return pack(x, column(y), null, blockSize);
    }

    private static double[][] column(double[] y) {
        double[][] out = new double[y.length][];
        for (int i = 0; i < y.length; i++) {
            out[i] = new double[] {y[i]};
        }
        return out;
    }

    /** Packs rows with one or more labels each, and sample weights (null for none). */
    public static List<DataBlock> pack(double[][] x, double[][] y, double[] w, int blockSize) {
        Checks.arg(x.length == y.length, "%s feature rows but %s label rows", x.length, y.length);
        Checks.arg(x.length > 0, "no rows to pack");
        BlockBuilder b = new BlockBuilder(x[0].length, y[0].length, blockSize, false, w != null);
        List<DataBlock> out = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            Checks.arg(x[i].length == b.numFeatures, "row has %s features, expected %s", x[i].length, b.numFeatures);
            Checks.arg(y[i].length == b.numLabels, "row has %s labels, expected %s", y[i].length, b.numLabels);
            int off = b.nextOffset();
            for (int j = 0; j < b.numFeatures; j++) {
                b.features[off + j] = (float) x[i][j];
            }
            int yOff = b.nextLabelOffset();
            for (int j = 0; j < b.numLabels; j++) {
                b.labels[yOff + j] = (float) y[i][j];
            }
            DataBlock full = b.commitRow(w == null ? 1f : (float) w[i]);
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
