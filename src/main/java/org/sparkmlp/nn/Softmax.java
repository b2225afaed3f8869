package org.sparkmlp.nn;

import org.sparkmlp.math.Activations;
import org.sparkmlp.math.Kernels;
import org.sparkmlp.math.Matrix;

/**
 * Row-wise softmax: {@code p[i] = exp(z[i]) / sum_j exp(z[j])}, with each row's
 * {@code log sum_j exp(z_j)} kept for the loss.
 *
 * <p>{@link #backward(Matrix)} multiplies {@code dout} by the softmax Jacobian
 * {@code J = diag(p) - p p^T} of each row. {@code J} is symmetric, and
 * {@code (J g)_i = p_i (g_i - sum_j p_j g_j)}, which is what is computed: the same product in O(K) per row
 * instead of building the K x K matrix. A {@link org.sparkmlp.nn.loss.CrossEntropy} that follows it takes
 * the gradient with respect to the logits, {@code p - y}, straight from {@link #input()} and
 * {@link #logSumExp()} instead, which stays exact when {@code p} underflows; the network then skips this
 * backward pass.
 */
public final class Softmax extends Layer {
    /** Per row of the last forward pass: {@code log sum_j exp(z_j)}. */
    private double[] logSumExp = new double[0];

    /**
     * A row's max is subtracted before the exponential, which keeps every exp at most 1 and leaves the
     * result unchanged; one exp runs over the whole batch, so that it fills SIMD lanes even when a row has
     * a few classes. A row's sum, its inverse and its log are taken in double in both precisions.
     */
    @Override
    public Matrix forward(Matrix inp) {
        this.inp = inp;
        int n = inp.rows();
        int k = inp.cols();
        out = ensure(out, inp, n, k);
        if (logSumExp.length < n) {
            logSumExp = new double[n];
        }
        if (inp.isFloat()) {
            forward(inp.floats(), out.floats(), n, k);
            return out;
        }
        for (int r = 0; r < n; r++) {
            int row = r * k;
            double max = inp.at(row);
            for (int j = 1; j < k; j++) {
                max = Math.max(max, inp.at(row + j));
            }
            logSumExp[r] = max;
            for (int j = 0; j < k; j++) {
                out.setAt(row + j, inp.at(row + j) - max);
            }
        }
        Kernels.exp(out, out, n * k);
        for (int r = 0; r < n; r++) {
            int row = r * k;
            double sum = 0;
            for (int j = 0; j < k; j++) {
                sum += out.at(row + j);
            }
            double inv = 1.0 / sum;
            for (int j = 0; j < k; j++) {
                out.setAt(row + j, out.at(row + j) * inv);
            }
            logSumExp[r] += Math.log(sum);
        }
        return out;
    }

    /** {@link #forward(Matrix)} on the arrays of a single-precision batch. */
    private void forward(float[] z, float[] p, int n, int k) {
        for (int r = 0, row = 0; r < n; r++, row += k) {
            float max = z[row];
            for (int j = 1; j < k; j++) {
                max = Math.max(max, z[row + j]);
            }
            logSumExp[r] = max;
            for (int j = 0; j < k; j++) {
                p[row + j] = z[row + j] - max;
            }
        }
        Activations.exp(p, p, n * k);
        for (int r = 0, row = 0; r < n; r++, row += k) {
            double sum = 0;
            for (int j = 0; j < k; j++) {
                sum += p[row + j];
            }
            double inv = 1.0 / sum;
            for (int j = 0; j < k; j++) {
                p[row + j] = (float) (p[row + j] * inv);
            }
            logSumExp[r] += Math.log(sum);
        }
    }

    @Override
    public Matrix backward(Matrix dout) {
        checkBackward(dout);
        int n = dout.rows();
        int k = dout.cols();
        dinp = ensure(dinp, dout, n, k);
        for (int r = 0; r < n; r++) {
            int row = r * k;
            double dot = 0;
            for (int j = 0; j < k; j++) {
                dot += out.at(row + j) * dout.at(row + j);
            }
            for (int i = 0; i < k; i++) {
                dinp.setAt(row + i, out.at(row + i) * (dout.at(row + i) - dot));
            }
        }
        return dinp;
    }

    /**
     * {@code log sum_j exp(z_j)} of each row of the last forward pass, in double whatever the precision;
     * valid for its row count.
     */
    public double[] logSumExp() {
        return logSumExp;
    }

    /** The probabilities of the last forward pass. */
    public Matrix probabilities() {
        return out;
    }

    @Override
    public String toString() {
        return "Softmax";
    }
}
