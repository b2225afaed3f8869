package org.sparkmlp.nn.loss;

import org.sparkmlp.math.Matrix;

/**
 * A regression loss that is a function of each residual {@code e = p - y}: per row
 * {@code L = (1/d) sum_j f(e_j)} over the {@code d} outputs, summed over rows, with gradient
 * {@code f'(e) / d}.
 */
abstract class ResidualLoss extends AbstractLoss {
    /** {@code f(e)}. */
    abstract double value(double residual);

    /** {@code f'(e)}. */
    abstract double slope(double residual);

    @Override
    public final double forward(Matrix p, Matrix y) {
        remember(p, y);
        double[] pd = p.data();
        double[] yd = y.data();
        double sum = 0;
        int n = p.rows() * p.cols();
        for (int i = 0; i < n; i++) {
            sum += value(pd[i] - yd[i]);
        }
        return sum / p.cols();
    }

    @Override
    public final Matrix backward() {
        Matrix g = gradBuffer();
        double[] pd = prediction.data();
        double[] yd = target.data();
        double[] gd = g.data();
        double scale = 1.0 / prediction.cols();
        int n = prediction.rows() * prediction.cols();
        for (int i = 0; i < n; i++) {
            gd[i] = scale * slope(pd[i] - yd[i]);
        }
        return g;
    }
}
