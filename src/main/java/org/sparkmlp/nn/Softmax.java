package org.sparkmlp.nn;

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
     * One loop for both precisions, through {@link Matrix#at}: the outputs are a batch of class scores, a
     * few numbers a row, and the one exp over the whole batch is the kernel that matters.
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
        // p = z - rowmax: subtracting the row max keeps every exp <= 1, and leaves the result unchanged
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
        // one exp over the whole batch, so that it runs in SIMD lanes even when k is small
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
