package org.sparkmlp.nn.loss;

import org.sparkmlp.math.Checks;
import org.sparkmlp.math.Matrix;
import org.sparkmlp.math.Precision;

/**
 * What a batch's predictions are scored against: a class index per row (classification) or a row of
 * target values per row (regression), and optionally a weight per row. A row's loss and its gradient are
 * multiplied by its weight; without weights every row weighs 1.
 *
 * <p>A trainer keeps one as a reusable buffer ({@link #classBuffer}, {@link #valueBuffer}) and sets its
 * row count per batch with {@link #rows(int)}.
 */
public final class Targets {
    private final int[] classes;
    private final Matrix values;
    private double[] weights;
    private int rows;

    private Targets(int[] classes, Matrix values, int rows) {
        this.classes = classes;
        this.values = values;
        this.rows = rows;
    }

    /** One class index per row; the array is used, not copied. */
    public static Targets classes(int... labels) {
        return new Targets(labels, null, labels.length);
    }

    /** A row of target values per row of the predictions; the matrix is used, not copied. */
    public static Targets values(Matrix y) {
        return new Targets(null, y, y.rows());
    }

    /** Room for class indices of up to {@code capacity} rows. */
    public static Targets classBuffer(int capacity) {
        return new Targets(new int[capacity], null, 0);
    }

    /** Room for {@code width} target values per row, for up to {@code capacity} rows, in {@code precision}. */
    public static Targets valueBuffer(Precision precision, int capacity, int width) {
        return new Targets(null, new Matrix(precision, capacity, width), 0);
    }

    /** Sets the row count (of a buffer); values beyond it are ignored. */
    public Targets rows(int n) {
        Checks.arg(n >= 0 && (classes != null ? n <= classes.length : n * values.cols() <= capacityOf(values)),
            "%s rows do not fit the targets' buffer", n);
        rows = n;
        if (values != null) {
            values.resizeRows(n);
        }
        return this;
    }

    private static int capacityOf(Matrix m) {
        return m.isFloat() ? m.floats().length : m.data().length;
    }

    /** Weighs each row by {@code w[r]} (used, not copied); null weighs every row 1. */
    public Targets weights(double[] w) {
        this.weights = w;
        return this;
    }

    public int rows() {
        return rows;
    }

    /** Whether the targets are class indices. */
    public boolean isClasses() {
        return classes != null;
    }

    /** The class indices; only the first {@link #rows()} belong to the batch. */
    public int[] classes() {
        Checks.state(classes != null, "these targets are values, not class indices");
        return classes;
    }

    /** The target values, {@code [rows x width]}. */
    public Matrix values() {
        Checks.state(values != null, "these targets are class indices, not values");
        return values;
    }

    /** The row weights, or null when every row weighs 1. */
    public double[] weights() {
        return weights;
    }

    /** The weight of row {@code r}. */
    public double weight(int r) {
        return weights == null ? 1.0 : weights[r];
    }
}
