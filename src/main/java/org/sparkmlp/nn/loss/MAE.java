package org.sparkmlp.nn.loss;

/**
 * Mean absolute error: per row {@code L = (1/d) sum_j |p_j - y_j|} over the {@code d} outputs, summed
 * over rows. The gradient is {@code sign(p - y) / d}, taken as 0 where the residual is exactly 0.
 */
public final class MAE extends ResidualLoss {
    @Override
    double value(double e) {
        return Math.abs(e);
    }

    @Override
    double slope(double e) {
        return Math.signum(e);
    }

    @Override
    public String name() {
        return LossKind.MAE.configName();
    }
}
