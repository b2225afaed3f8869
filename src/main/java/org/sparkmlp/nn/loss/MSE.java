package org.sparkmlp.nn.loss;

import org.sparkmlp.math.Matrix;

/**
 * Mean squared error: per row {@code L = (1/d) sum_j (p_j - y_j)^2} over the {@code d} outputs, summed
 * over rows. The gradient is {@code 2 (p - y) / d}.
 */
public final class MSE extends AbstractLoss {
    @Override
    public double forward(Matrix p, Matrix y) {
        remember(p, y);
        double[] pd = p.data();
        double[] yd = y.data();
        double sum = 0;
        int n = p.rows() * p.cols();
        for (int i = 0; i < n; i++) {
            double e = pd[i] - yd[i];
            sum += e * e;
        }
        return sum / p.cols();
    }

    @Override
    public Matrix backward() {
        Matrix g = gradBuffer();
        double[] pd = prediction.data();
        double[] yd = target.data();
        double[] gd = g.data();
        double scale = 2.0 / prediction.cols();
        int n = prediction.rows() * prediction.cols();
        for (int i = 0; i < n; i++) {
            gd[i] = scale * (pd[i] - yd[i]);
        }
        return g;
    }

    @Override
    public String name() {
        return LossKind.MSE.configName();
    }
}
