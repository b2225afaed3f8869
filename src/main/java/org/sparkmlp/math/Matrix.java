package org.sparkmlp.math;

import java.util.Arrays;

/**
 * A dense, row-major matrix of doubles whose row count can change within its capacity.
 *
 * <p>Element {@code (r, c)} lives at {@code data()[r * cols() + c]}. Layers keep one {@code Matrix} per
 * buffer and call {@link #resizeRows(int)} per batch: the backing array only grows, so a buffer sized
 * for the largest block is allocated once and reused for every smaller one.
 */
public final class Matrix {
    private final int cols;
    private int rows;
    private double[] data;

    /** A zero matrix of {@code rows x cols}. */
    public Matrix(int rows, int cols) {
        Checks.arg(rows >= 0 && cols > 0, "matrix shape must be rows >= 0, cols > 0, got (%s x %s)", rows, cols);
        this.rows = rows;
        this.cols = cols;
        this.data = new double[Math.multiplyExact(rows, cols)];
    }

    /** Wraps {@code data} (not copied) as a {@code rows x cols} matrix. */
    public static Matrix wrap(int rows, int cols, double[] data) {
        Checks.arg(data.length >= (long) rows * cols,
            "array of length %s cannot hold a (%s x %s) matrix", data.length, rows, cols);
        Matrix m = new Matrix(0, cols);
        m.rows = rows;
        m.data = data;
        return m;
    }

    /** Copies a rectangular {@code double[][]} into a new matrix. */
    public static Matrix of(double[][] values) {
        Checks.arg(values.length > 0, "a matrix needs at least one row");
        Matrix m = new Matrix(values.length, values[0].length);
        for (int r = 0; r < values.length; r++) {
            Checks.arg(values[r].length == m.cols,
                "row %s has %s columns, row 0 has %s", r, values[r].length, m.cols);
            System.arraycopy(values[r], 0, m.data, r * m.cols, m.cols);
        }
        return m;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** The backing array; only the first {@code rows() * cols()} elements belong to the matrix. */
    public double[] data() {
        return data;
    }

    public double get(int r, int c) {
        return data[r * cols + c];
    }

    public void set(int r, int c, double v) {
        data[r * cols + c] = v;
    }

    /**
     * Sets the row count, growing the backing array if it is too small. Contents are kept only when the
     * array does not have to grow.
     */
    public Matrix resizeRows(int newRows) {
        Checks.arg(newRows >= 0, "row count must be >= 0, got %s", newRows);
        long needed = (long) newRows * cols;
        if (needed > data.length) {
            data = new double[Math.toIntExact(needed)];
        }
        rows = newRows;
        return this;
    }


    /** The matrix as a new {@code double[rows][cols]}. */
    public double[][] toArray() {
        double[][] out = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(data, r * cols, out[r], 0, cols);
        }
        return out;
    }

    /** A copy with its own backing array of exactly {@code rows * cols} elements. */
    public Matrix copy() {
        return wrap(rows, cols, Arrays.copyOf(data, rows * cols));
    }

    @Override
    public String toString() {
        return "Matrix(" + rows + " x " + cols + ")";
    }
}
