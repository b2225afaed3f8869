package org.sparkmlp.nn.loss;

import org.sparkmlp.math.Matrix;

/**
 * A loss over a batch of predictions.
 *
 * <p>Convention: {@link #forward(Matrix, Matrix)} returns the <em>sum</em> over the batch's rows of the
 * per-row loss, and {@link #backward()} returns {@code d(sum)/d(prediction)}. Nothing is divided by the
 * batch size here: the trainer divides the summed loss and gradient by the global example count once,
 * so one partition or many and any block size give the same average.
 *
 * <p>{@code prediction} and {@code target} are both {@code [batchSize x outDim]}; for classification the
 * target rows are one-hot.
 */
public interface Loss {
    /** The summed loss of the batch; remembers its inputs for {@link #backward()}. */
    double forward(Matrix prediction, Matrix target);

    /**
     * The gradient of the summed loss with respect to the last prediction. The returned matrix is owned by
     * the loss and valid until the next {@code forward}.
     */
    Matrix backward();

    /** The name used in configuration and model files, such as {@code cross-entropy}. */
    String name();
}
