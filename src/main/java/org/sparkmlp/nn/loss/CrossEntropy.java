package org.sparkmlp.nn.loss;

import org.sparkmlp.math.Checks;
import org.sparkmlp.math.Matrix;

/**
 * Cross-entropy of predicted class probabilities: per row {@code L = -sum_i y_i log(p_i)}.
 *
 * <p>On its own it takes probabilities and clamps them to at least {@code eps} so that {@code log} and
 * the gradient {@code -y / p} stay finite; pass {@code eps = 0} to turn the clamp off (gradient checks
 * do). After a {@link org.sparkmlp.nn.Softmax} the network uses {@link #fromLogits} instead, which needs
 * no clamp.
 */
public final class CrossEntropy extends AbstractLoss {
    /** The default probability floor, far below any probability a trained model reports. */
    public static final double DEFAULT_EPS = 1e-300;

    private final double eps;

    public CrossEntropy() {
        this(DEFAULT_EPS);
    }

    public CrossEntropy(double eps) {
        Checks.arg(eps >= 0 && eps < 1, "cross-entropy eps must be in [0, 1), got %s", eps);
        this.eps = eps;
    }

    @Override
    public double forward(Matrix p, Matrix y) {
        remember(p, y);
        double[] pd = p.data();
        double[] yd = y.data();
        double sum = 0;
        int n = p.rows() * p.cols();
        for (int i = 0; i < n; i++) {
            if (yd[i] != 0) {
                sum -= yd[i] * Math.log(Math.max(pd[i], eps));
            }
        }
        return sum;
    }

    @Override
    public Matrix backward() {
        Matrix g = gradBuffer();
        double[] pd = prediction.data();
        double[] yd = target.data();
        double[] gd = g.data();
        int n = prediction.rows() * prediction.cols();
        for (int i = 0; i < n; i++) {
            gd[i] = yd[i] == 0 ? 0.0 : -yd[i] / Math.max(pd[i], eps);
        }
        return g;
    }

    /**
     * Softmax followed by cross-entropy, from the logits: returns the summed loss
     * {@code sum_rows sum_i y_i (logsumexp(z) - z_i)} and writes {@code dz = p * sum(y) - y} (that is
     * {@code p - y} for one-hot rows) into {@code dz}. Both stay finite for any finite logits.
     *
     * @param z  logits, not modified
     * @param p  softmax of {@code z}, not modified
     * @param y  targets, not modified
     * @param dz modified: the gradient of the summed loss with respect to {@code z}
     */
    public static double fromLogits(Matrix z, Matrix p, Matrix y, Matrix dz) {
        int n = z.rows();
        int k = z.cols();
        double[] zd = z.data();
        double[] lse = new double[n];
        for (int r = 0; r < n; r++) {
            int row = r * k;
            double max = zd[row];
            for (int j = 1; j < k; j++) {
                max = Math.max(max, zd[row + j]);
            }
            double sumExp = 0;
            for (int j = 0; j < k; j++) {
                sumExp += Math.exp(zd[row + j] - max);
            }
            lse[r] = max + Math.log(sumExp);
        }
        return fromLogits(z, p, lse, y, dz);
    }

    /**
     * {@link #fromLogits(Matrix, Matrix, Matrix, Matrix)} with each row's {@code logsumexp(z)} already
     * known, as the softmax computes it: no exponential is evaluated again.
     *
     * @param logSumExp not modified: {@code log sum_j exp(z_j)} per row
     */
    public static double fromLogits(Matrix z, Matrix p, double[] logSumExp, Matrix y, Matrix dz) {
        int n = z.rows();
        int k = z.cols();
        double[] zd = z.data();
        double[] pd = p.data();
        double[] yd = y.data();
        double[] dd = dz.data();
        double loss = 0;
        for (int r = 0; r < n; r++) {
            int row = r * k;
            double ySum = 0;
            for (int j = 0; j < k; j++) {
                double yj = yd[row + j];
                if (yj != 0) {
                    loss += yj * (logSumExp[r] - zd[row + j]);
                    ySum += yj;
                }
            }
            for (int j = 0; j < k; j++) {
                dd[row + j] = pd[row + j] * ySum - yd[row + j];
            }
        }
        return loss;
    }

    @Override
    public String name() {
        return LossKind.CROSS_ENTROPY.configName();
    }
}
