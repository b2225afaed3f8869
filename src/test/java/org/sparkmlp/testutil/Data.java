package org.sparkmlp.testutil;

import java.util.List;
import java.util.SplittableRandom;
import org.sparkmlp.data.BlockBuilder;
import org.sparkmlp.data.DataBlock;
import org.sparkmlp.math.Matrix;
import org.sparkmlp.math.Precision;

/** Small seeded random matrices and labelled tables for tests. */
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

    /**
     * {@code rows} rows of {@code features} values uniform in {@code [-3, 7)}, labelled 0, 1 or 2 by cutting
     * a fixed linear teacher (feature j weighs {@code ±(j + 1)}, signs alternating) at -4 and 2, packed
     * into blocks of {@code blockRows} rows so that a partition holds several blocks.
     */
    public static List<DataBlock> teacherBlocks(int rows, int features, int blockRows, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] x = new double[rows][features];
        double[] y = new double[rows];
        for (int i = 0; i < rows; i++) {
            double s = 0;
            for (int j = 0; j < features; j++) {
                x[i][j] = rng.nextDouble() * 10 - 3;
                s += (j + 1) * x[i][j] * (j % 2 == 0 ? 1 : -1);
            }
            y[i] = s > 2 ? 2 : s > -4 ? 1 : 0;
        }
        return BlockBuilder.pack(x, y, blockRows);
    }
}
