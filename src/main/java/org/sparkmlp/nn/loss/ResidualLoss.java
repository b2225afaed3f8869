package org.sparkmlp.nn.loss;

import org.sparkmlp.math.Checks;
import org.sparkmlp.math.Kernels;
import org.sparkmlp.math.Matrix;
import org.sparkmlp.nn.Layer;
import org.sparkmlp.nn.Task;

/**
 * A regression loss that is a function of each residual {@code e = p - y}: row {@code r} costs
 * {@code (1/d) sum_j f(e_rj)} over the {@code d} outputs, with gradient {@code w_r f'(e) / d}. A subclass
 * writes {@code f} and {@code f'} of one residual, computed in double in either precision; a regression
 * loss from an {@link org.sparkmlp.nn.Extension} can be one too. The loops over the batch are this class's,
 * one for both precisions: a loss touches {@code rows x outputs} numbers, next to the layers' products.
 */
public abstract class ResidualLoss extends AbstractLoss {
    /** {@code f(e)}: what a residual {@code e} costs. */
    protected abstract double cost(double e);

    /** {@code f'(e)}: the cost's slope at residual {@code e}. */
    protected abstract double slope(double e);

    @Override
    public final double forward(Matrix p, Targets t) {
        remember(p, t);
        Checks.arg(!t.isClasses(), "%s scores target values, not class indices", name());
        Matrix y = t.values();
        Checks.arg(y.cols() == p.cols() && y.precision() == p.precision(),
            "%s: prediction is %s but target is %s", name(), p, y);
        int d = p.cols();
        for (int r = 0; r < p.rows(); r++) {
            double sum = 0;
            for (int i = r * d; i < (r + 1) * d; i++) {
                sum += cost(p.at(i) - y.at(i));
            }
            rowLoss[r] = sum / d;
        }
        return weightedSum();
    }

    @Override
    public final Matrix backward() {
        Matrix g = gradBuffer();
        Matrix y = targets.values();
        double scale = 1.0 / prediction.cols();
        for (int i = 0; i < prediction.size(); i++) {
            g.setAt(i, scale * slope(prediction.at(i) - y.at(i)));
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
