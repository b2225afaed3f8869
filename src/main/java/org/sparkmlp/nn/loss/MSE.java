package org.sparkmlp.nn.loss;

/**
 * Mean squared error: row {@code r} costs {@code (1/d) sum_j (p_j - y_j)^2} over the {@code d} outputs.
 * The gradient is {@code 2 (p - y) / d}.
 */
public final class MSE extends ResidualLoss {
    @Override
    protected void rowLosses(double[] p, double[] y, int rows, int d, double[] out) {
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            for (int j = r * d; j < (r + 1) * d; j++) {
                double e = p[j] - y[j];
                sum += e * e;
            }
            out[r] = sum / d;
        }
    }

    @Override
    protected void rowLosses(float[] p, float[] y, int rows, int d, double[] out) {
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            for (int j = r * d; j < (r + 1) * d; j++) {
                double e = p[j] - y[j];
                sum += e * e;
            }
            out[r] = sum / d;
        }
    }

    @Override
    protected void slopes(double[] p, double[] y, int n, double scale, double[] g) {
        for (int i = 0; i < n; i++) {
            g[i] = scale * 2 * (p[i] - y[i]);
        }
    }

    @Override
    protected void slopes(float[] p, float[] y, int n, float scale, float[] g) {
        for (int i = 0; i < n; i++) {
            g[i] = scale * 2f * (p[i] - y[i]);
        }
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
