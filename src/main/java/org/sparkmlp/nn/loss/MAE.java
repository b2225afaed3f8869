package org.sparkmlp.nn.loss;

/**
 * Mean absolute error: row {@code r} costs {@code (1/d) sum_j |p_j - y_j|} over the {@code d} outputs.
 * The gradient is {@code sign(p - y) / d}, taken as 0 where the residual is exactly 0.
 */
public final class MAE extends ResidualLoss {
    @Override
    protected void rowLosses(double[] p, double[] y, int rows, int d, double[] out) {
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            for (int j = r * d; j < (r + 1) * d; j++) {
                sum += Math.abs(p[j] - y[j]);
            }
            out[r] = sum / d;
        }
    }

    @Override
    protected void rowLosses(float[] p, float[] y, int rows, int d, double[] out) {
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            for (int j = r * d; j < (r + 1) * d; j++) {
                sum += Math.abs(p[j] - y[j]);
            }
            out[r] = sum / d;
        }
    }

    @Override
    protected void slopes(double[] p, double[] y, int n, double scale, double[] g) {
        for (int i = 0; i < n; i++) {
            g[i] = scale * Math.signum(p[i] - y[i]);
        }
    }

    @Override
    protected void slopes(float[] p, float[] y, int n, float scale, float[] g) {
        for (int i = 0; i < n; i++) {
            g[i] = scale * Math.signum(p[i] - y[i]);
        }
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
