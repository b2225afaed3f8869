package org.sparkmlp.math;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The row-major GEMM wrapper against a naive triple loop, for every transpose combination. */
class BlasTest {
    private static double[] random(int n, SplittableRandom rng) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = rng.nextDouble() * 2 - 1;
        }
        return a;
    }

    /** The oracle: C = alpha op(A) op(B) + beta C, row-major, by definition. */
    private static void naive(boolean ta, boolean tb, int m, int n, int k, double alpha, double[] a, int aOff,
                              int lda, double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    double av = ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    double bv = tb ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    s += av * bv;
                }
                c[cOff + i * ldc + j] = alpha * s + beta * c[cOff + i * ldc + j];
            }
        }
    }

    @Test
    void gemmMatchesTheNaiveLoopForAllTransposesAndOffsets() {
        SplittableRandom rng = new SplittableRandom(345);
        int checked = 0;
        int m = 7;
        int n = 5;
        int k = 9;
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                int lda = (ta ? m : k) + 2;
                int ldb = (tb ? k : n) + 1;
                int ldc = n + 3;
                int aOff = 3;
                int bOff = 5;
                int cOff = 2;
                double[] a = random(aOff + (ta ? k : m) * lda, rng);
                double[] b = random(bOff + (tb ? n : k) * ldb, rng);
                double[] c = random(cOff + m * ldc, rng);
                double[] expected = c.clone();
                naive(ta, tb, m, n, k, 0.7, a, aOff, lda, b, bOff, ldb, 0.3, expected, cOff, ldc);
                Kernels.gemm(ta, tb, m, n, k, 0.7, Matrix.wrap(1, a.length, a), aOff, lda, Matrix.wrap(1, b.length, b),
                    bOff, ldb, 0.3, Matrix.wrap(1, c.length, c), cOff, ldc);
                for (int i = 0; i < c.length; i++) {
                    assertEquals(expected[i], c[i], 1e-12, "ta=" + ta + " tb=" + tb + " element " + i);
                }
                checked++;
            }
        }
        assertEquals(4, checked, "every transpose combination is checked");
    }

    @Test
    void emptyInnerDimensionOnlyScalesC() {
        for (Precision precision : Precision.values()) {
            Matrix c = new Matrix(precision, 2, 2);
            for (int i = 0; i < 4; i++) {
                c.setAt(i, i + 1);
            }
            Matrix empty = new Matrix(precision, 0, 2);
            Kernels.gemm(false, false, 2, 2, 0, 1.0, empty, 0, 1, empty, 0, 2, 0.5, c, 0, 2);
            assertEquals(0.5, c.at(0), precision.toString());
            assertEquals(2.0, c.at(3), precision.toString());
        }
    }
}
