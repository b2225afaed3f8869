package org.sparkmlp.nn.loss;

/**
 * Mean squared error: row {@code r} costs {@code (1/d) sum_j (p_j - y_j)^2} over the {@code d} outputs.
 * The gradient is {@code 2 (p - y) / d}.
 */
public final class MSE extends ResidualLoss {
    @Override
    protected double cost(double e) {
        return e * e;
    }

    @Override
    protected double slope(double e) {
        return 2 * e;
    }

    @Override
    public String name() {
        return "mse";
    }

    @Override
    public String lossMetric() {
        return "rmse";
    }
}
