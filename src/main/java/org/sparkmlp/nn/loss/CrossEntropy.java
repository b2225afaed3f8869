package org.sparkmlp.nn.loss;

import org.sparkmlp.math.Checks;
import org.sparkmlp.math.Kernels;
import org.sparkmlp.math.Matrix;
import org.sparkmlp.nn.Layer;
import org.sparkmlp.nn.Softmax;
import org.sparkmlp.nn.Task;

/**
 * Cross-entropy of predicted class probabilities against class indices: row {@code r} with class
 * {@code c} costs {@code -log p[r, c]}, the design note's {@code -sum_i y_i log(p_i)} for a one-hot
 * {@code y}.
 *
 * <p>After a {@link Softmax} (which {@link #absorbs} takes, as every classifier ends in one) it works from
 * the softmax's logits {@code z} and their log-sum-exp: a row costs {@code logsumexp(z) - z_c}, and the
 * gradient with respect to the logits is {@code p - onehot(c)}, times the row's weight. Both are exact
 * and finite for any finite logits, where {@code log p} would underflow.
 *
 * <p>On its own it takes probabilities and clamps them to at least {@code eps}, so that {@code log} and
 * the gradient {@code -1 / p} stay finite; pass {@code eps = 0} to turn the clamp off (gradient checks
 * do).
 */
public final class CrossEntropy extends AbstractLoss {
    /** The default probability floor, far below any probability a trained model reports. */
    public static final double DEFAULT_EPS = 1e-300;

    private final double eps;
    private Softmax softmax;

    public CrossEntropy() {
        this(DEFAULT_EPS);
    }

    public CrossEntropy(double eps) {
        Checks.arg(eps >= 0 && eps < 1, "cross-entropy eps must be in [0, 1), got %s", eps);
        this.eps = eps;
    }

    @Override
    public boolean absorbs(Layer last) {
        if (last instanceof Softmax s) {
            softmax = s;
            return true;
        }
        return false;
    }

    @Override
    public double forward(Matrix p, Targets t) {
        remember(p, t);
        Checks.arg(t.isClasses(), "cross-entropy scores class indices, not target values");
        int n = p.rows();
        int k = p.cols();
        int[] c = t.classes();
        for (int r = 0; r < n; r++) {
            if (c[r] < 0 || c[r] >= k) {
                throw new IllegalArgumentException("row " + r + ": class " + c[r] + " is outside [0, " + k + ")");
            }
        }
        if (softmax != null) {
            Checks.arg(p == softmax.probabilities(), "cross-entropy after a softmax scores that softmax's output");
            fromLogits(softmax.input(), softmax.logSumExp(), c, n, k);
        } else {
            for (int r = 0; r < n; r++) {
                rowLoss[r] = -Math.log(Math.max(p.at(r * k + c[r]), eps));
            }
        }
        return weightedSum();
    }

    /** Row losses {@code logsumexp(z) - z_c}, and the gradient {@code w (p - onehot(c))} with respect to {@code z}. */
    private void fromLogits(Matrix z, double[] logSumExp, int[] c, int n, int k) {
        Matrix g = gradBuffer();
        if (z.isFloat()) {
            float[] zf = z.floats();
            System.arraycopy(prediction.floats(), 0, g.floats(), 0, n * k);
            float[] gf = g.floats();
            for (int r = 0; r < n; r++) {
                rowLoss[r] = logSumExp[r] - zf[r * k + c[r]];
                gf[r * k + c[r]] -= 1f;
            }
        } else {
            double[] zd = z.data();
            System.arraycopy(prediction.data(), 0, g.data(), 0, n * k);
            double[] gd = g.data();
            for (int r = 0; r < n; r++) {
                rowLoss[r] = logSumExp[r] - zd[r * k + c[r]];
                gd[r * k + c[r]] -= 1.0;
            }
        }
        if (targets.weights() != null) {
            Kernels.scaleRows(g, n, targets.weights());
        }
    }

    @Override
    public Matrix backward() {
        Checks.state(prediction != null, "backward() called before forward() on %s", name());
        if (softmax != null) {
            return grad;
        }
        Matrix g = gradBuffer();
        int k = prediction.cols();
        int[] c = targets.classes();
        for (int i = 0; i < g.size(); i++) {
            g.setAt(i, 0);
        }
        for (int r = 0; r < prediction.rows(); r++) {
            int at = r * k + c[r];
            g.setAt(at, -targets.weight(r) / Math.max(prediction.at(at), eps));
        }
        return g;
    }

    @Override
    public String name() {
        return "cross-entropy";
    }

    @Override
    public Task task() {
        return Task.CLASSIFICATION;
    }

    @Override
    public String outputLayer() {
        return "softmax";
    }

    @Override
    public String labelProblem(double v, int classes) {
        if (v == Math.rint(v) && v >= 0 && v < classes) {
            return null;
        }
        String what = v != Math.rint(v) ? "is not an integer" : v < 0 ? "is negative" : "is out of range";
        return what + "; expected a class index 0.." + (classes - 1) + " (the output layer has " + classes
            + " classes)";
    }

    @Override
    public String outputProblem(int width) {
        return width >= 2 ? null : "classification needs an output width of at least 2 classes, got " + width;
    }
}
