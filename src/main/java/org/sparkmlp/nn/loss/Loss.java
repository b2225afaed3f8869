package org.sparkmlp.nn.loss;

import org.sparkmlp.math.Matrix;
import org.sparkmlp.nn.Layer;

/**
 * A loss over a batch of predictions, in the precision of the predictions.
 *
 * <p>Convention: {@link #forward(Matrix, Targets)} returns the <em>sum</em> over the batch's rows of each
 * row's loss times its weight, and {@link #backward()} returns {@code d(sum)/d(prediction)}. Nothing is
 * divided by the batch size here: the trainer divides the summed loss and gradient by the total weight
 * once, so one partition or many and any block size give the same average. {@link #rowLosses()} gives the
 * rows' own (unweighted) losses, which metrics use.
 *
 * <p>A loss belongs to one network: {@link #absorbs(Layer)} may tie it to that network's last layer.
 */
public interface Loss {
    /** The weighted sum of the batch's row losses; remembers its inputs for {@link #backward()}. */
    double forward(Matrix prediction, Targets targets);

    /**
     * The gradient of the weighted sum with respect to the last prediction (or, when this loss
     * {@link #absorbs absorbed} the last layer, with respect to that layer's input). The returned matrix is
     * owned by the loss and valid until the next {@code forward}.
     */
    Matrix backward();

    /** Each row's loss in the last {@link #forward}, unweighted; valid for its row count. */
    double[] rowLosses();

    /** The name used in configuration and model files, such as {@code cross-entropy}. */
    String name();

    /**
     * Offered the network's last layer once, when the network is built. A loss that can take its gradient
     * with respect to that layer's input directly, more exactly than through the layer's own backward
     * pass, keeps the layer and returns true; the network then leaves that layer out of its backward pass.
     */
    default boolean absorbs(Layer last) {
        return false;
    }
}
