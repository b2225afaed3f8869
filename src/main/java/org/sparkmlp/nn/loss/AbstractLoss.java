package org.sparkmlp.nn.loss;

import org.sparkmlp.math.Checks;
import org.sparkmlp.math.Matrix;

/** Shape checks and the reusable gradient buffer shared by the losses. */
abstract class AbstractLoss implements Loss {
    protected Matrix prediction;
    protected Matrix target;
    protected Matrix grad;

    protected void remember(Matrix prediction, Matrix target) {
        Checks.arg(prediction.rows() == target.rows() && prediction.cols() == target.cols(),
            "%s: prediction is (%s x %s) but target is (%s x %s)", name(),
            prediction.rows(), prediction.cols(), target.rows(), target.cols());
        this.prediction = prediction;
        this.target = target;
    }

    protected Matrix gradBuffer() {
        Checks.state(prediction != null, "backward() called before forward() on %s", name());
        if (grad == null || grad.cols() != prediction.cols()) {
            grad = new Matrix(prediction.rows(), prediction.cols());
        } else {
            grad.resizeRows(prediction.rows());
        }
        return grad;
    }

    @Override
    public String toString() {
        return name();
    }
}
