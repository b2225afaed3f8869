package org.sparkmlp.math;

import java.util.Arrays;

/**
 * A dense, row-major matrix in single or double precision, whose row count can change within its
 * capacity.
 *
 * <p>Element {@code (r, c)} lives at index {@code r * cols() + c} of {@link #data()} (double) or
 * {@link #floats()} (float); {@link #precision()} says which array there is. Layers keep one
 * {@code Matrix} per buffer and call {@link #resizeRows(int)} per batch: the backing array only grows,
 * so a buffer sized for the largest block is allocated once and reused for every smaller one.
 *
 * <p>Hot loops work on the primitive arrays, a loop per precision ({@link Kernels} and each layer);
 * {@link #get} and {@link #set} are for tests, diagnostics and the few per-row values read outside them.
 */
public final class Matrix {
    private final Precision precision;
    private final int cols;
    private int rows;
    private double[] doubles;
    private float[] floats;

    /** A zero double-precision matrix of {@code rows x cols}. */
    public Matrix(int rows, int cols) {
        this(Precision.DOUBLE, rows, cols);
    }

    /** A zero matrix of {@code rows x cols} in {@code precision}. */
    public Matrix(Precision precision, int rows, int cols) {
        Checks.arg(rows >= 0 && cols > 0, "matrix shape must be rows >= 0, cols > 0, got (%s x %s)", rows, cols);
        this.precision = Checks.notNull(precision, "precision");
        this.rows = rows;
        this.cols = cols;
        allocate(Math.multiplyExact(rows, cols));
    }

    private void allocate(int n) {
        if (precision == Precision.FLOAT) {
            floats = new float[n];
        } else {
            doubles = new double[n];
        }
    }

    /** Wraps {@code data} (not copied) as a double-precision {@code rows x cols} matrix. */
    public static Matrix wrap(int rows, int cols, double[] data) {
        Matrix m = wrapping(Precision.DOUBLE, rows, cols, data.length);
        m.doubles = data;
        return m;
    }

    /** Wraps {@code data} (not copied) as a single-precision {@code rows x cols} matrix. */
    public static Matrix wrap(int rows, int cols, float[] data) {
        Matrix m = wrapping(Precision.FLOAT, rows, cols, data.length);
        m.floats = data;
        return m;
    }

    /** A {@code rows x cols} matrix without storage yet, for an array of {@code length} to be wrapped. */
    private static Matrix wrapping(Precision precision, int rows, int cols, int length) {
        Checks.arg(length >= (long) rows * cols, "array of length %s cannot hold a (%s x %s) matrix", length, rows,
            cols);
        Matrix m = new Matrix(precision, 0, cols);
        m.rows = rows;
        return m;
    }

    /** Copies a rectangular {@code double[][]} into a new double-precision matrix. */
    public static Matrix of(double[][] values) {
        Checks.arg(values.length > 0, "a matrix needs at least one row");
        Matrix m = new Matrix(values.length, values[0].length);
        for (int r = 0; r < values.length; r++) {
            Checks.arg(values[r].length == m.cols,
                "row %s has %s columns, row 0 has %s", r, values[r].length, m.cols);
            System.arraycopy(values[r], 0, m.doubles, r * m.cols, m.cols);
        }
        return m;
    }

    /**
     * {@code m} resized to {@code rows} when it has {@code precision} and {@code cols} columns, else a new
     * matrix: how layers keep a buffer that is allocated only when it must grow.
     */
    public static Matrix reuse(Matrix m, Precision precision, int rows, int cols) {
        if (m == null || m.cols != cols || m.precision != precision) {
            return new Matrix(precision, rows, cols);
        }
        return m.resizeRows(rows);
    }

    public Precision precision() {
        return precision;
    }

    public boolean isFloat() {
        return precision == Precision.FLOAT;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** {@code rows() * cols()}: the elements that belong to the matrix. */
    public int size() {
        return rows * cols;
    }

    /** The backing array of a double-precision matrix; only the first {@link #size()} elements belong to it. */
    public double[] data() {
        Checks.state(doubles != null, "a %s matrix has no double[] storage; use floats()", precision);
        return doubles;
    }

    /** The backing array of a single-precision matrix; only the first {@link #size()} elements belong to it. */
    public float[] floats() {
        Checks.state(floats != null, "a %s matrix has no float[] storage; use data()", precision);
        return floats;
    }

    /** Element {@code i} of the row-major storage, as a double. */
    public double at(int i) {
        return floats != null ? floats[i] : doubles[i];
    }

    /** Sets element {@code i} of the row-major storage, rounded to the matrix's precision. */
    public void setAt(int i, double v) {
        if (floats != null) {
            floats[i] = (float) v;
        } else {
            doubles[i] = v;
        }
    }

    public double get(int r, int c) {
        return at(r * cols + c);
    }

    public void set(int r, int c, double v) {
        setAt(r * cols + c, v);
    }

    /** The column of the largest element of row {@code r}; the first of equal ones. */
    public int argmax(int r) {
        int off = r * cols;
        int best = 0;
        for (int j = 1; j < cols; j++) {
            if (at(off + j) > at(off + best)) {
                best = j;
            }
        }
        return best;
    }

    /**
     * Sets the row count, growing the backing array if it is too small. Contents are kept only when the
     * array does not have to grow.
     */
    public Matrix resizeRows(int newRows) {
        Checks.arg(newRows >= 0, "row count must be >= 0, got %s", newRows);
        long needed = (long) newRows * cols;
        if (needed > (floats != null ? floats.length : doubles.length)) {
            allocate(Math.toIntExact(needed));
        }
        rows = newRows;
        return this;
    }

    /** The matrix as a new {@code double[rows][cols]}. */
    public double[][] toArray() {
        double[][] out = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[r][c] = get(r, c);
            }
        }
        return out;
    }

    /** A copy with its own backing array of exactly {@link #size()} elements. */
    public Matrix copy() {
        return floats != null ? wrap(rows, cols, Arrays.copyOf(floats, size()))
            : wrap(rows, cols, Arrays.copyOf(doubles, size()));
    }

    /** A copy in {@code target} precision, its values rounded to it. */
    public Matrix to(Precision target) {
        Matrix m = new Matrix(target, rows, cols);
        for (int i = 0; i < size(); i++) {
            m.setAt(i, at(i));
        }
        return m;
    }

    @Override
    public String toString() {
        return "Matrix(" + rows + " x " + cols + ", " + precision + ")";
    }
}
