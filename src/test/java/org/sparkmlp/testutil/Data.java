package org.sparkmlp.testutil;

import java.util.SplittableRandom;
import org.sparkmlp.math.Matrix;

/** Small seeded random matrices for tests. */
public final class Data {
    private Data() {}

    /** Uniform values in {@code [-scale, scale)}, nudged away from 0 by at least {@code 1e-3}. */
    public static Matrix uniform(int rows, int cols, double scale, SplittableRandom rng) {
        Matrix m = new Matrix(rows, cols);
        double[] d = m.data();
        for (int i = 0; i < d.length; i++) {
            double v = (2 * rng.nextDouble() - 1) * scale;
            d[i] = Math.abs(v) < 1e-3 ? Math.copySign(1e-3 + Math.abs(v), v) : v;
        }
        return m;
    }

    /** One-hot rows for random classes in {@code [0, k)}. */
    public static Matrix oneHot(int rows, int k, SplittableRandom rng) {
        Matrix m = new Matrix(rows, k);
        for (int r = 0; r < rows; r++) {
            m.set(r, rng.nextInt(k), 1.0);
        }
        return m;
    }
}
