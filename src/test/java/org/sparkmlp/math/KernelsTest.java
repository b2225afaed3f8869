package org.sparkmlp.math;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sparkmlp.testutil.Data;

/**
 * Each shared kernel in single precision against a naive double-precision loop, on odd shapes: one row,
 * one column, and sizes that are no multiple of any SIMD width.
 */
class KernelsTest {
    private final SplittableRandom rng = new SplittableRandom(17);

    private Matrix floats(int rows, int cols) {
        return Data.uniform(Precision.FLOAT, rows, cols, 2.0, rng);
    }

    /** A float result against the exact value of its float inputs: a few roundings of the terms' size. */
    private static void close(double expected, double actual, double scale, String what) {
        assertEquals(expected, actual, 4 * Math.ulp((float) Math.max(scale, Math.abs(expected))) + 1e-30, what);
    }

    @ParameterizedTest(name = "{0}x{1}x{2} transA {3} transB {4}")
    @CsvSource({"1,1,1,false,false", "1,7,3,false,true", "5,1,9,true,false", "13,17,11,true,true",
        "3,33,1,false,false", "17,5,19,false,false", "2,3,37,true,false"})
    void gemmMatchesTheNaiveTripleLoop(int m, int n, int k, boolean transA, boolean transB) {
        Matrix a = transA ? floats(k, m) : floats(m, k);
        Matrix b = transB ? floats(n, k) : floats(k, n);
        Matrix c = floats(m, n);
        Matrix c0 = c.copy();
        Kernels.gemm(transA, transB, m, n, k, 1.5, a, 0, transA ? m : k, b, 0, transB ? k : n, 0.5, c, 0, n);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                double scale = 0;
                for (int l = 0; l < k; l++) {
                    double av = transA ? a.get(l, i) : a.get(i, l);
                    double bv = transB ? b.get(j, l) : b.get(l, j);
                    sum += av * bv;
                    scale += Math.abs(av * bv);
                }
                double expected = 1.5 * sum + 0.5 * c0.get(i, j);
                close(expected, c.get(i, j), 1.5 * scale * k + Math.abs(c0.get(i, j)), "c[" + i + "," + j + "]");
            }
        }
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"1,1", "1,9", "7,1", "13,17"})
    void rowAndColumnKernelsMatchNaiveLoops(int rows, int cols) {
        Matrix v = floats(1, cols + 3);
        Matrix out = floats(rows, cols);
        Kernels.fillRows(out, rows, v, 3);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                assertEquals(v.at(3 + j), out.get(r, j), 0.0, "fillRows");
            }
        }
        Matrix d = floats(rows, cols);
        Matrix sum = floats(1, cols + 2);
        Matrix sum0 = sum.copy();
        Kernels.addColumnSums(d, rows, sum, 2);
        for (int j = 0; j < cols; j++) {
            double expected = sum0.at(2 + j);
            double scale = Math.abs(expected);
            for (int r = 0; r < rows; r++) {
                expected += d.get(r, j);
                scale += Math.abs(d.get(r, j));
            }
            close(expected, sum.at(2 + j), scale * rows, "column " + j);
        }
        double[] w = new double[rows];
        for (int r = 0; r < rows; r++) {
            w[r] = r % 3 == 0 ? 1 : rng.nextDouble() * 3;
        }
        Matrix scaled = d.copy();
        Kernels.scaleRows(scaled, rows, w);
        for (int i = 0; i < d.size(); i++) {
            close((float) w[i / cols] * d.at(i), scaled.at(i), Math.abs(w[i / cols] * d.at(i)), "scaleRows " + i);
        }
    }

    /**
     * The column sums in SIMD lanes add each column's rows in row order, as a plain float loop does: the same
     * bits, at widths below, at and around multiples of any lane count.
     */
    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"1,1", "37,7", "512,10", "33,15", "33,16", "33,17", "65,63", "512,64", "9,65", "17,130"})
    void columnSumsAreTheRowOrderLoopsBits(int rows, int cols) {
        Matrix d = floats(rows, cols);
        Matrix sum = floats(1, cols + 5);
        float[] expected = sum.floats().clone();
        float[] x = d.floats();
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                expected[5 + j] += x[r * cols + j];
            }
        }
        Kernels.addColumnSums(d, rows, sum, 5);
        for (int j = 0; j < cols + 5; j++) {
            assertEquals(expected[j], sum.floats()[j], 0f, "column " + (j - 5));
        }
    }

    @ParameterizedTest(name = "n={0}")
    @CsvSource({"1", "7", "31", "1003"})
    void vectorKernelsMatchNaiveLoops(int n) {
        Matrix x = floats(1, n);
        Matrix y = floats(1, n);
        Matrix y0 = y.copy();
        Kernels.axpy(n, -0.75, x, 0, y, 0);
        for (int i = 0; i < n; i++) {
            close(y0.at(i) - 0.75 * x.at(i), y.at(i), Math.abs(y0.at(i)) + Math.abs(0.75 * x.at(i)), "axpy " + i);
        }
        Matrix e = new Matrix(Precision.FLOAT, 1, n);
        Kernels.exp(x, e, n);
        for (int i = 0; i < n; i++) {
            double expected = Math.exp(x.at(i));
            assertEquals(expected, e.at(i), 3 * Math.ulp((float) expected), "exp " + i);
        }
        double[] sum = new double[n];
        Matrix g = x.copy();
        Kernels.drain(g, sum);
        for (int i = 0; i < n; i++) {
            assertEquals(x.at(i), sum[i], 0.0);
            assertEquals(0.0, g.at(i), 0.0);
        }
        double[] src = new double[n];
        for (int i = 0; i < n; i++) {
            src[i] = rng.nextGaussian();
        }
        Kernels.load(src, g);
        for (int i = 0; i < n; i++) {
            assertEquals((float) src[i], g.at(i), 0.0);
        }
    }
}
