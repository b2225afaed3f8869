package org.sparkmlp.nn.loss;

import org.sparkmlp.math.Checks;
import org.sparkmlp.math.Kernels;
import org.sparkmlp.math.Matrix;
import org.sparkmlp.nn.Layer;
import org.sparkmlp.nn.Sigmoid;
import org.sparkmlp.nn.Task;

/**
 * Binary cross-entropy over several yes/no labels per row (multi-label): output {@code j} is the
 * probability {@code p_j} that label {@code j} is 1, and row {@code r} costs
 * {@code -(1/d) sum_j [y_j log p_j + (1 - y_j) log(1 - p_j)]} over its {@code d} labels, each 0 or 1.
 *
 * <p>After a {@link Sigmoid} (which {@link #absorbs} takes, as every network under this loss ends in one)
 * it works from the sigmoid's logits {@code z}: a label costs {@code max(z, 0) - y z + log(1 + e^-|z|)}, and
 * the gradient with respect to the logits is {@code (p - y) / d}, times the row's weight. Both are exact and
 * finite for any finite logits, where {@code log p} would underflow.
 *
 * <p>On its own it takes probabilities and clamps them into {@code [eps, 1 - eps]}; pass {@code eps = 0} to
 * turn the clamp off (gradient checks do).
 */
public final class BinaryCrossEntropy extends AbstractLoss {
    private final double eps;
    private Sigmoid sigmoid;

    public BinaryCrossEntropy() {
        this(CrossEntropy.DEFAULT_EPS);
    }

    public BinaryCrossEntropy(double eps) {
        Checks.arg(eps >= 0 && eps < 0.5, "binary cross-entropy eps must be in [0, 0.5), got %s", eps);
        this.eps = eps;
    }

    @Override
    public boolean absorbs(Layer last) {
        if (last instanceof Sigmoid s) {
            sigmoid = s;
            return true;
        }
        return false;
    }

    @Override
    public double forward(Matrix p, Targets t) {
        remember(p, t);
        Checks.arg(!t.isClasses(), "binary cross-entropy scores a 0/1 value per label, not class indices");
        Matrix y = t.values();
        Checks.arg(y.cols() == p.cols(), "binary cross-entropy: prediction is %s but target is %s", p, y);
        int n = p.rows();
        int d = p.cols();
        if (sigmoid != null) {
            Checks.arg(p == sigmoid.output(), "binary cross-entropy after a sigmoid scores that sigmoid's output");
            fromLogits(sigmoid.input(), y, n, d);
        } else {
            for (int r = 0; r < n; r++) {
                double sum = 0;
                for (int j = r * d; j < (r + 1) * d; j++) {
                    double pj = Math.min(Math.max(p.at(j), eps), 1 - eps);
                    double yj = y.at(j);
                    sum -= yj * Math.log(pj) + (1 - yj) * Math.log1p(-pj);
                }
                rowLoss[r] = sum / d;
            }
        }
        return weightedSum();
    }

    /** Row losses from the logits, and the gradient {@code w (p - y) / d} with respect to them. */
    private void fromLogits(Matrix z, Matrix y, int n, int d) {
        Matrix g = gradBuffer();
        if (z.isFloat()) {
            float[] zf = z.floats();
            float[] pf = prediction.floats();
            float[] yf = y.floats();
            float[] gf = g.floats();
            float scale = 1f / d;
            for (int r = 0; r < n; r++) {
                double sum = 0;
                for (int j = r * d; j < (r + 1) * d; j++) {
                    sum += fromLogit(zf[j], yf[j]);
                    gf[j] = (pf[j] - yf[j]) * scale;
                }
                rowLoss[r] = sum / d;
            }
        } else {
            double[] zd = z.data();
            double[] pd = prediction.data();
            double[] yd = y.data();
            double[] gd = g.data();
            double scale = 1.0 / d;
            for (int r = 0; r < n; r++) {
                double sum = 0;
                for (int j = r * d; j < (r + 1) * d; j++) {
                    sum += fromLogit(zd[j], yd[j]);
                    gd[j] = (pd[j] - yd[j]) * scale;
                }
                rowLoss[r] = sum / d;
            }
        }
        if (targets.weights() != null) {
            Kernels.scaleRows(g, n, targets.weights());
        }
    }

    /** {@code -[y log s(z) + (1 - y) log(1 - s(z))]}, written so that it neither overflows nor cancels. */
    private static double fromLogit(double z, double y) {
        return Math.max(z, 0) - y * z + Math.log1p(Math.exp(-Math.abs(z)));
    }

    @Override
    public Matrix backward() {
        Checks.state(prediction != null, "backward() called before forward() on %s", name());
        if (sigmoid != null) {
            return grad;
        }
        Matrix g = gradBuffer();
        Matrix y = targets.values();
        int d = prediction.cols();
        for (int r = 0; r < prediction.rows(); r++) {
            double w = targets.weight(r) / d;
            for (int j = r * d; j < (r + 1) * d; j++) {
                double pj = Math.min(Math.max(prediction.at(j), eps), 1 - eps);
                double yj = y.at(j);
                g.setAt(j, w * ((1 - yj) / (1 - pj) - yj / pj));
            }
        }
        return g;
    }

    @Override
    public String name() {
        return "binary-cross-entropy";
    }

    @Override
    public Task task() {
        return Task.MULTI_LABEL;
    }

    @Override
    public String outputLayer() {
        return "sigmoid";
    }

    @Override
    public String labelProblem(double v, int outputs) {
        return v == 0 || v == 1 ? null : "is not 0 or 1; expected 1 where the row has the label and 0 where not";
    }
}
