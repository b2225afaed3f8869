package org.sparkmlp.nn.loss;

/**
 * Mean absolute error: row {@code r} costs {@code (1/d) sum_j |p_j - y_j|} over the {@code d} outputs.
 * The gradient is {@code sign(p - y) / d}, taken as 0 where the residual is exactly 0.
 */
public final class MAE extends ResidualLoss {
    @Override
    protected double cost(double e) {
        return Math.abs(e);
    }

    @Override
    protected double slope(double e) {
        return Math.signum(e);
    }

    @Override
    public String name() {
        return "mae";
    }

    @Override
    public String lossMetric() {
        return "mae";
    }
}
