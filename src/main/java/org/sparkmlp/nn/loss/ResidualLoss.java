package org.sparkmlp.nn.loss;

import org.sparkmlp.math.Checks;
import org.sparkmlp.math.Kernels;
import org.sparkmlp.math.Matrix;
import org.sparkmlp.nn.Layer;
import org.sparkmlp.nn.Task;

/**
 * A regression loss that is a function of each residual {@code e = p - y}: row {@code r} costs
 * {@code (1/d) sum_j f(e_rj)} over the {@code d} outputs, with gradient {@code w_r f'(e) / d}. A subclass
 * writes {@code f} and {@code f'} as a loop per precision; a regression loss from an {@link org.sparkmlp.nn.Extension}
 * can be one too.
 */
public abstract class ResidualLoss extends AbstractLoss {
    /** {@code out[r] = (1/d) sum_j f(p[r,j] - y[r,j])} for {@code r < rows}. */
    protected abstract void rowLosses(double[] p, double[] y, int rows, int d, double[] out);

    /** Single-precision {@link #rowLosses(double[], double[], int, int, double[])}, summed in double. */
    protected abstract void rowLosses(float[] p, float[] y, int rows, int d, double[] out);

    /** {@code g[i] = scale * f'(p[i] - y[i])} for {@code i < n}. */
    protected abstract void slopes(double[] p, double[] y, int n, double scale, double[] g);

    /** Single-precision {@link #slopes(double[], double[], int, double, double[])}. */
    protected abstract void slopes(float[] p, float[] y, int n, float scale, float[] g);

    @Override
    public final double forward(Matrix p, Targets t) {
        remember(p, t);
        Checks.arg(!t.isClasses(), "%s scores target values, not class indices", name());
        Matrix y = t.values();
        Checks.arg(y.cols() == p.cols() && y.precision() == p.precision(),
            "%s: prediction is %s but target is %s", name(), p, y);
        if (p.isFloat()) {
            rowLosses(p.floats(), y.floats(), p.rows(), p.cols(), rowLoss);
        } else {
            rowLosses(p.data(), y.data(), p.rows(), p.cols(), rowLoss);
        }
        return weightedSum();
    }

    @Override
    public final Matrix backward() {
        Matrix g = gradBuffer();
        Matrix y = targets.values();
        int n = prediction.size();
        if (g.isFloat()) {
            slopes(prediction.floats(), y.floats(), n, 1f / prediction.cols(), g.floats());
        } else {
            slopes(prediction.data(), y.data(), n, 1.0 / prediction.cols(), g.data());
        }
        if (targets.weights() != null) {
            Kernels.scaleRows(g, prediction.rows(), targets.weights());
        }
        return g;
    }

    @Override
    public final boolean absorbs(Layer last) {
        return false;
    }

    @Override
    public Task task() {
        return Task.REGRESSION;
    }
}
