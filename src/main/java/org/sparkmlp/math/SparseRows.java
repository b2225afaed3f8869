package org.sparkmlp.math;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Rows of a wide, mostly zero matrix in compressed sparse row form: row {@code r}'s non-zero values are
 * {@code value[start[r] .. start[r + 1])}, in the columns {@code index[...]} of the same range, which
 * ascend. Values are float32, as the cached blocks hold them. A buffer is reused: {@link #clear()} empties
 * it and its arrays only grow, so that a chunk's rows are gathered without allocating once they fit.
 */
public final class SparseRows implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int cols;
    private int rows;
    private int[] start;
    private int[] index;
    private float[] value;

    /** An empty buffer of rows {@code cols} wide, with room for {@code rows} rows and {@code nonZeros} values. */
    public SparseRows(int cols, int rows, int nonZeros) {
        Checks.arg(cols > 0 && rows >= 0 && nonZeros >= 0, "sparse rows need cols > 0, got %s", cols);
        this.cols = cols;
        this.start = new int[rows + 1];
        this.index = new int[nonZeros];
        this.value = new float[nonZeros];
    }

    private SparseRows(int cols, int rows, int[] start, int[] index, float[] value) {
        this.cols = cols;
        this.rows = rows;
        this.start = start;
        this.index = index;
        this.value = value;
    }

    /** Empties the buffer; its arrays are kept. */
    public void clear() {
        rows = 0;
    }

    /**
     * Appends a row: the {@code n} values {@code values[from..from+n)} at the columns
     * {@code columns[from..from+n)}, each times {@code scale[column]} (null for 1). Columns must ascend.
     */
    public void add(int[] columns, float[] values, int from, int n, float[] scale) {
        int at = start[rows];
        reserve(rows + 1, at + n);
        for (int k = 0; k < n; k++) {
            int j = columns[from + k];
            index[at + k] = j;
            value[at + k] = scale == null ? values[from + k] : values[from + k] * scale[j];
        }
        start[++rows] = at + n;
    }

    /** Appends row {@code r} of {@code other}, each value times {@code scale[column]} (null for 1). */
    public void add(SparseRows other, int r, float[] scale) {
        Checks.arg(other.cols == cols, "rows %s wide cannot join rows %s wide", other.cols, cols);
        add(other.index, other.value, other.start[r], other.start[r + 1] - other.start[r], scale);
    }

    private void reserve(int rowCount, int nonZeros) {
        if (rowCount + 1 > start.length) {
            start = Arrays.copyOf(start, Math.max(rowCount + 1, 2 * start.length));
        }
        if (nonZeros > index.length) {
            int n = Math.max(nonZeros, 2 * index.length);
            index = Arrays.copyOf(index, n);
            value = Arrays.copyOf(value, n);
        }
    }

    /** A copy holding exactly these rows, for keeping: its arrays are no longer than they need to be. */
    public SparseRows trimmed() {
        int nnz = start[rows];
        return new SparseRows(cols, rows, Arrays.copyOf(start, rows + 1), Arrays.copyOf(index, nnz),
            Arrays.copyOf(value, nnz));
    }

    /** A copy with every value times {@code scale[column]}. */
    public SparseRows scaled(float[] scale) {
        SparseRows s = trimmed();
        for (int k = 0; k < s.start[rows]; k++) {
            s.value[k] *= scale[s.index[k]];
        }
        return s;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** The number of values stored. */
    public int nonZeros() {
        return start[rows];
    }

    /** Where each row's values begin, {@code rows + 1} of them in use; not to be modified. */
    public int[] start() {
        return start;
    }

    /** The values' columns; not to be modified. */
    public int[] index() {
        return index;
    }

    /** The values; not to be modified. */
    public float[] value() {
        return value;
    }

    /** Row {@code r} as a dense array, for tests and for scoring a row at a time. */
    public double[] dense(int r) {
        double[] x = new double[cols];
        for (int k = start[r]; k < start[r + 1]; k++) {
            x[index[k]] = value[k];
        }
        return x;
    }
}
