package org.sparkmlp.math;

/**
 * Whole-array kernels over {@link Matrix} storage that layers and losses share, each with one loop per
 * precision over the primitive arrays. Every call dispatches once on its matrices' precision, never per
 * element; the operands of one call must share a precision. Offsets and leading dimensions are in
 * elements, as in {@link Blas}.
 */
public final class Kernels {
    private Kernels() {}

    private static void samePrecision(Matrix a, Matrix b) {
        Checks.arg(a.precision() == b.precision(), "%s and %s mix precisions", a, b);
    }

    /**
     * {@code C = alpha * op(A) * op(B) + beta * C}, every matrix row-major, through the {@link Blas} in use:
     * single-precision GEMM for float matrices. An empty inner dimension ({@code k = 0}) only scales
     * {@code C} by {@code beta}. BLAS is column-major: a row-major array with leading dimension {@code ld}
     * is, read column-major, the transpose of the same matrix, so {@code C = op(A) op(B)} is computed as the
     * column-major {@code C^T = op(B)^T op(A)^T}, the operands swapped.
     *
     * @param transA whether {@code op(A) = A^T}; {@code op(A)} is {@code m x k}
     * @param transB whether {@code op(B) = B^T}; {@code op(B)} is {@code k x n}
     * @param lda    row stride of A's storage (its column count as stored)
     * @param ldb    row stride of B's storage
     * @param c      modified: the {@code m x n} result, row stride {@code ldc}
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                            Matrix a, int aOff, int lda, Matrix b, int bOff, int ldb,
                            double beta, Matrix c, int cOff, int ldc) {
        samePrecision(a, c);
        samePrecision(b, c);
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            for (int r = 0; r < m; r++) {
                for (int j = 0; j < n; j++) {
                    c.setAt(cOff + r * ldc + j, beta * c.at(cOff + r * ldc + j));
                }
            }
            return;
        }
        String ta = transB ? "T" : "N";
        String tb = transA ? "T" : "N";
        if (c.isFloat()) {
            Blas.kernel().sgemm(ta, tb, n, m, k, (float) alpha, b.floats(), bOff, ldb, a.floats(), aOff, lda,
                (float) beta, c.floats(), cOff, ldc);
        } else {
            Blas.kernel().dgemm(ta, tb, n, m, k, alpha, b.data(), bOff, ldb, a.data(), aOff, lda, beta, c.data(),
                cOff, ldc);
        }
    }

    /** Sets each of the first {@code rows} rows of {@code out} to {@code v[vOff .. vOff + out.cols())}: a bias broadcast. */
    public static void fillRows(Matrix out, int rows, Matrix v, int vOff) {
        samePrecision(out, v);
        int n = out.cols();
        if (out.isFloat()) {
            float[] o = out.floats();
            float[] src = v.floats();
            for (int r = 0; r < rows; r++) {
                System.arraycopy(src, vOff, o, r * n, n);
            }
        } else {
            double[] o = out.data();
            double[] src = v.data();
            for (int r = 0; r < rows; r++) {
                System.arraycopy(src, vOff, o, r * n, n);
            }
        }
    }

    /** {@code sum[sumOff + j] += sum over the first rows r of d[r, j]}: a bias gradient. */
    public static void addColumnSums(Matrix d, int rows, Matrix sum, int sumOff) {
        samePrecision(d, sum);
        int n = d.cols();
        if (d.isFloat()) {
            if (Activations.floatVector()) {
                VectorKernels.addColumnSums(d.floats(), rows, n, sum.floats(), sumOff);
            } else {
                addColumnSums(d.floats(), rows, n, 0, sum.floats(), sumOff);
            }
        } else {
            double[] x = d.data();
            double[] s = sum.data();
            for (int r = 0; r < rows; r++) {
                int row = r * n;
                for (int j = 0; j < n; j++) {
                    s[sumOff + j] += x[row + j];
                }
            }
        }
    }

    /** {@code s[off + j] += sum over r < rows of x[r * cols + j]} for the columns {@code j >= from}, in row order. */
    static void addColumnSums(float[] x, int rows, int cols, int from, float[] s, int off) {
        for (int r = 0, row = 0; r < rows; r++, row += cols) {
            for (int j = from; j < cols; j++) {
                s[off + j] += x[row + j];
            }
        }
    }

    /**
     * {@code out[r, :] += x[r, :] · w} for the sparse rows {@code x} and the row-major {@code w} of
     * {@code n} columns at {@code wOff}: each stored value adds its column's row of {@code w}, scaled, so
     * the work is the stored values times {@code n}, whatever the width.
     */
    public static void sparseTimes(SparseRows x, Matrix w, int wOff, int n, Matrix out) {
        samePrecision(w, out);
        perStoredValue(x, n, w, wOff, out, 0, false);
    }

    /**
     * {@code g += x^T · d} for the sparse rows {@code x} and {@code d} of {@code n} columns: each stored
     * value adds its row of {@code d}, scaled, to its column's row of {@code g} (at {@code gOff}).
     */
    public static void sparseTransposeTimes(SparseRows x, Matrix d, int n, Matrix g, int gOff) {
        samePrecision(d, g);
        perStoredValue(x, n, g, gOff, d, 0, true);
    }

    /**
     * For each stored value {@code v} of row {@code r} in column {@code j}: {@code byRow[r, :] += v ·
     * byColumn[j, :]}, or, when {@code scatter}, {@code byColumn[j, :] += v · byRow[r, :]}; both matrices
     * {@code n} wide, from their offsets.
     */
    private static void perStoredValue(SparseRows x, int n, Matrix byColumn, int colOff, Matrix byRow, int rowOff,
                                       boolean scatter) {
        int[] start = x.start();
        int[] index = x.index();
        float[] value = x.value();
        boolean f = byRow.isFloat();
        for (int r = 0; r < x.rows(); r++) {
            int o = rowOff + r * n;
            for (int k = start[r]; k < start[r + 1]; k++) {
                int c = colOff + index[k] * n;
                if (f) {
                    rowAxpy(n, value[k], scatter ? byRow.floats() : byColumn.floats(), scatter ? o : c,
                        scatter ? byColumn.floats() : byRow.floats(), scatter ? c : o);
                } else {
                    rowAxpy(n, value[k], scatter ? byRow.data() : byColumn.data(), scatter ? o : c,
                        scatter ? byColumn.data() : byRow.data(), scatter ? c : o);
                }
            }
        }
    }

    /**
     * {@code y[yOff..yOff+n) += a * x[xOff..xOff+n)} for one stored value's row: a loop the JIT turns into
     * SIMD, since a row is a layer's width (tens to hundreds) and a native call per stored value would
     * cost more than the arithmetic.
     */
    private static void rowAxpy(int n, double a, double[] x, int xOff, double[] y, int yOff) {
        for (int j = 0; j < n; j++) {
            y[yOff + j] += a * x[xOff + j];
        }
    }

    private static void rowAxpy(int n, float a, float[] x, int xOff, float[] y, int yOff) {
        for (int j = 0; j < n; j++) {
            y[yOff + j] += a * x[xOff + j];
        }
    }

    /** {@code dst[0 .. n) = src[0 .. n)}. */
    public static void copy(Matrix src, Matrix dst, int n) {
        samePrecision(src, dst);
        if (dst.isFloat()) {
            System.arraycopy(src.floats(), 0, dst.floats(), 0, n);
        } else {
            System.arraycopy(src.data(), 0, dst.data(), 0, n);
        }
    }

    /** {@code y[yOff .. yOff + n) += alpha * x[xOff .. xOff + n)}. */
    public static void axpy(int n, double alpha, Matrix x, int xOff, Matrix y, int yOff) {
        samePrecision(x, y);
        if (y.isFloat()) {
            Blas.axpy(n, (float) alpha, x.floats(), xOff, y.floats(), yOff);
        } else {
            Blas.axpy(n, alpha, x.data(), xOff, y.data(), yOff);
        }
    }

    /** {@code out[i] = e^in[i]} for {@code i < n}, in place allowed; see {@link Activations#exp}. */
    public static void exp(Matrix in, Matrix out, int n) {
        samePrecision(in, out);
        if (out.isFloat()) {
            Activations.exp(in.floats(), out.floats(), n);
        } else {
            Activations.exp(in.data(), out.data(), n);
        }
    }

    /** Multiplies each of the first {@code rows} rows of {@code m} by {@code w[r]}; rows of weight 1 are left alone. */
    public static void scaleRows(Matrix m, int rows, double[] w) {
        int n = m.cols();
        if (m.isFloat()) {
            float[] x = m.floats();
            for (int r = 0; r < rows; r++) {
                if (w[r] != 1) {
                    float s = (float) w[r];
                    for (int j = r * n; j < (r + 1) * n; j++) {
                        x[j] *= s;
                    }
                }
            }
        } else {
            double[] x = m.data();
            for (int r = 0; r < rows; r++) {
                if (w[r] != 1) {
                    double s = w[r];
                    for (int j = r * n; j < (r + 1) * n; j++) {
                        x[j] *= s;
                    }
                }
            }
        }
    }

    /** Copies {@code src} into the first {@code src.length} elements of {@code dst}, rounded to its precision. */
    public static void load(double[] src, Matrix dst) {
        if (dst.isFloat()) {
            float[] d = dst.floats();
            for (int i = 0; i < src.length; i++) {
                d[i] = (float) src[i];
            }
        } else {
            System.arraycopy(src, 0, dst.data(), 0, src.length);
        }
    }

    /** Copies {@code src} into a single-precision {@code dst}. */
    public static void load(float[] src, Matrix dst) {
        Checks.arg(dst.isFloat(), "single-precision values cannot be loaded into %s", dst);
        System.arraycopy(src, 0, dst.floats(), 0, src.length);
    }

    /** {@code src} rounded to single precision, as the network's float buffers hold it. */
    public static float[] toFloats(double[] src) {
        float[] out = new float[src.length];
        for (int i = 0; i < src.length; i++) {
            out[i] = (float) src[i];
        }
        return out;
    }

    /** {@code src} widened to double, exactly. */
    public static double[] toDoubles(float[] src) {
        double[] out = new double[src.length];
        for (int i = 0; i < src.length; i++) {
            out[i] = src[i];
        }
        return out;
    }

    /** Adds the first {@code sum.length} elements of {@code m} into {@code sum}, in double, and zeroes them in {@code m}. */
    public static void drain(Matrix m, double[] sum) {
        if (m.isFloat()) {
            float[] x = m.floats();
            for (int i = 0; i < sum.length; i++) {
                sum[i] += x[i];
                x[i] = 0f;
            }
        } else {
            double[] x = m.data();
            for (int i = 0; i < sum.length; i++) {
                sum[i] += x[i];
                x[i] = 0.0;
            }
        }
    }
}
