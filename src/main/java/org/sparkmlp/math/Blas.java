package org.sparkmlp.math;

import dev.ludovic.netlib.blas.BLAS;

/**
 * Row-major matrix kernels on top of dev.ludovic.netlib's BLAS.
 *
 * <p>{@link BLAS#getInstance()} picks the fastest implementation the JVM can load: a native BLAS through
 * JNI when the machine has one (OpenBLAS, MKL), otherwise a pure-Java one that uses the Vector API when
 * the JVM runs with {@code --add-modules=jdk.incubator.vector}. {@link #kernelName()} says which.
 *
 * <p>BLAS is column-major. A row-major array with leading dimension {@code ld} is, read column-major, the
 * transpose of the same matrix, so the row-major product {@code C = op(A) op(B)} is computed as the
 * column-major product {@code C^T = op(B)^T op(A)^T} with the operands swapped.
 */
public final class Blas {
    private static final BLAS KERNEL = BLAS.getInstance();

    private Blas() {}

    /** The class name of the BLAS implementation in use, for logs. */
    public static String kernelName() {
        return KERNEL.getClass().getName();
    }

    /**
     * {@code C = alpha * op(A) * op(B) + beta * C}, every matrix row-major.
     *
     * @param transA whether {@code op(A) = A^T}; {@code op(A)} is {@code m x k}
     * @param transB whether {@code op(B) = B^T}; {@code op(B)} is {@code k x n}
     * @param lda    row stride of the array holding A (its column count as stored)
     * @param ldb    row stride of the array holding B
     * @param c      modified: the {@code m x n} result, row stride {@code ldc}
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                            double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                            double beta, double[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            for (int r = 0; r < m; r++) {
                for (int j = 0; j < n; j++) {
                    c[cOff + r * ldc + j] *= beta;
                }
            }
            return;
        }
        KERNEL.dgemm(transB ? "T" : "N", transA ? "T" : "N", n, m, k, alpha,
            b, bOff, ldb, a, aOff, lda, beta, c, cOff, ldc);
    }

    /** {@code y[yOff..yOff+n) += alpha * x[xOff..xOff+n)}. */
    public static void axpy(int n, double alpha, double[] x, int xOff, double[] y, int yOff) {
        if (n > 0) {
            KERNEL.daxpy(n, alpha, x, xOff, 1, y, yOff, 1);
        }
    }
}
