package org.sparkmlp.nn.loss;

import org.sparkmlp.math.Checks;
import org.sparkmlp.math.Matrix;

/** The remembered inputs, the reusable gradient buffer and the row losses the losses share. */
abstract class AbstractLoss implements Loss {
    protected Matrix prediction;
    protected Targets targets;
    protected Matrix grad;
    protected double[] rowLoss = new double[0];

    /** Remembers a batch and makes room for its row losses. */
    protected void remember(Matrix prediction, Targets targets) {
        Checks.arg(prediction.rows() == targets.rows(), "%s: %s prediction rows but %s target rows", name(),
            prediction.rows(), targets.rows());
        this.prediction = prediction;
        this.targets = targets;
        if (rowLoss.length < prediction.rows()) {
            rowLoss = new double[prediction.rows()];
        }
    }

    /** The gradient buffer, shaped like the last prediction. */
    protected Matrix gradBuffer() {
        Checks.state(prediction != null, "backward() called before forward() on %s", name());
        grad = Matrix.reuse(grad, prediction.precision(), prediction.rows(), prediction.cols());
        return grad;
    }

    /** {@code sum_r w_r rowLoss[r]} over the remembered batch. */
    protected double weightedSum() {
        double sum = 0;
        for (int r = 0; r < prediction.rows(); r++) {
            sum += targets.weight(r) * rowLoss[r];
        }
        return sum;
    }

    @Override
    public double[] rowLosses() {
        return rowLoss;
    }

    @Override
    public String toString() {
        return name();
    }
}
