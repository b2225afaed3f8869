package org.sparkmlp.nn;

import org.sparkmlp.math.Matrix;

/**
 * Row-wise softmax: {@code p[i] = exp(z[i]) / sum_j exp(z[j])}.
 *
 * <p>{@link #backward(Matrix)} multiplies {@code dout} by the softmax Jacobian
 * {@code J = diag(p) - p p^T} of each row. {@code J} is symmetric, and
 * {@code (J g)_i = p_i (g_i - sum_j p_j g_j)}, which is what is computed: the same product in O(K) per row
 * instead of building the K x K matrix. When the loss is {@link org.sparkmlp.nn.loss.CrossEntropy},
 * {@link MLP} skips this path and uses the combined gradient {@code p - y}, which stays exact when
 * {@code p} underflows.
 */
public final class Softmax extends Layer {
    @Override
    public Matrix forward(Matrix inp) {
        this.inp = inp;
        int n = inp.rows();
        int k = inp.cols();
        out = ensure(out, n, k);
        double[] z = inp.data();
        double[] p = out.data();
        for (int r = 0; r < n; r++) {
            int row = r * k;
            // subtract the row max before exp so that no exp overflows; the result is unchanged
            double max = z[row];
            for (int j = 1; j < k; j++) {
                max = Math.max(max, z[row + j]);
            }
            double sum = 0;
            for (int j = 0; j < k; j++) {
                double e = Math.exp(z[row + j] - max);
                p[row + j] = e;
                sum += e;
            }
            double inv = 1.0 / sum;
            for (int j = 0; j < k; j++) {
                p[row + j] *= inv;
            }
        }
        return out;
    }

    @Override
    public Matrix backward(Matrix dout) {
        checkBackward(dout);
        int n = dout.rows();
        int k = dout.cols();
        dinp = ensure(dinp, n, k);
        double[] p = out.data();
        double[] g = dout.data();
        double[] d = dinp.data();
        for (int r = 0; r < n; r++) {
            int row = r * k;
            double dot = 0;
            for (int j = 0; j < k; j++) {
                dot += p[row + j] * g[row + j];
            }
            for (int i = 0; i < k; i++) {
                d[row + i] = p[row + i] * (g[row + i] - dot);
            }
        }
        return dinp;
    }

    /** The logits {@code z} of the last forward pass. */
    Matrix logits() {
        return inp;
    }

    /** The probabilities of the last forward pass. */
    Matrix probabilities() {
        return out;
    }

    @Override
    public String toString() {
        return "Softmax";
    }
}
