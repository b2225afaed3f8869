package org.sparkmlp.nn.loss;

import org.sparkmlp.math.Matrix;

/**
 * Mean absolute error: per row {@code L = (1/d) sum_j |p_j - y_j|} over the {@code d} outputs, summed
 * over rows. The gradient is {@code sign(p - y) / d}, taken as 0 where the residual is exactly 0.
 */
public final class MAE extends AbstractLoss {
    @Override
    public double forward(Matrix p, Matrix y) {
        remember(p, y);
        double[] pd = p.data();
        double[] yd = y.data();
        double sum = 0;
        int n = p.rows() * p.cols();
        for (int i = 0; i < n; i++) {
            sum += Math.abs(pd[i] - yd[i]);
        }
        return sum / p.cols();
    }

    @Override
    public Matrix backward() {
        Matrix g = gradBuffer();
        double[] pd = prediction.data();
        double[] yd = target.data();
        double[] gd = g.data();
        double scale = 1.0 / prediction.cols();
        int n = prediction.rows() * prediction.cols();
        for (int i = 0; i < n; i++) {
            gd[i] = scale * Math.signum(pd[i] - yd[i]);
        }
        return g;
    }

    @Override
    public String name() {
        return LossKind.MAE.configName();
    }
}
