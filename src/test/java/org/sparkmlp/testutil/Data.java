package org.sparkmlp.testutil;

import java.util.SplittableRandom;
import org.sparkmlp.math.Matrix;
import org.sparkmlp.math.Precision;

/** Small seeded random matrices for tests. */
public final class Data {
    private Data() {}

    /** Uniform values in {@code [-scale, scale)}, nudged away from 0 by at least {@code 1e-3}. */
    public static Matrix uniform(int rows, int cols, double scale, SplittableRandom rng) {
        return uniform(Precision.DOUBLE, rows, cols, scale, rng);
    }

    /** {@link #uniform(int, int, double, SplittableRandom)} in {@code precision}. */
    public static Matrix uniform(Precision precision, int rows, int cols, double scale, SplittableRandom rng) {
        Matrix m = new Matrix(precision, rows, cols);
        for (int i = 0; i < m.size(); i++) {
            double v = (2 * rng.nextDouble() - 1) * scale;
            m.setAt(i, Math.abs(v) < 1e-3 ? Math.copySign(1e-3 + Math.abs(v), v) : v);
        }
        return m;
    }

    /** Random classes in {@code [0, k)}, one per row. */
    public static int[] classes(int rows, int k, SplittableRandom rng) {
        int[] c = new int[rows];
        for (int r = 0; r < rows; r++) {
            c[r] = rng.nextInt(k);
        }
        return c;
    }

    /** Random row weights in {@code [0.25, 2.25)}, one of them 0. */
    public static double[] weights(int rows, SplittableRandom rng) {
        double[] w = new double[rows];
        for (int r = 0; r < rows; r++) {
            w[r] = 0.25 + 2 * rng.nextDouble();
        }
        w[rows / 2] = 0;
        return w;
    }
}
