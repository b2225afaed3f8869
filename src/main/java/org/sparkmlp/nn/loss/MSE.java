package org.sparkmlp.nn.loss;

/**
 * Mean squared error: per row {@code L = (1/d) sum_j (p_j - y_j)^2} over the {@code d} outputs, summed
 * over rows. The gradient is {@code 2 (p - y) / d}.
 */
public final class MSE extends ResidualLoss {
    @Override
    double value(double e) {
        return e * e;
    }

    @Override
    double slope(double e) {
        return 2 * e;
    }

    @Override
    public String name() {
        return LossKind.MSE.configName();
    }
}
