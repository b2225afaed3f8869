package org.sparkmlp.nn.loss;

import org.sparkmlp.math.Matrix;
import org.sparkmlp.nn.Layer;
import org.sparkmlp.nn.Task;

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
 *
 * <p>A loss also says what it is, and everything that depends on the kind of model asks it: its
 * {@link #task()} (how labels become targets, which metrics a model reports, which columns scoring
 * writes), the {@link #outputLayer()} a network under it ends in, which label values it can score
 * ({@link #labelProblem}) and which output widths ({@link #outputProblem}), and the validation metric that
 * stands for it ({@link #lossMetric()}). A new loss is one class, registered by name in {@link LossKind}.
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

    /** What the network's outputs mean under this loss. */
    Task task();

    /**
     * The layer type a network under this loss ends in, such as {@code softmax}, added when a network's
     * description leaves it out; null when the outputs are used as they are.
     */
    default String outputLayer() {
        return null;
    }

    /**
     * Why the label value {@code v} (finite) cannot be scored by a network with {@code outputs} outputs,
     * completing "label v ...", such as {@code "is negative; expected a class index 0..2"}; null when it can.
     */
    default String labelProblem(double v, int outputs) {
        return null;
    }

    /** Why a network cannot have {@code width} outputs under this loss; null when it can. */
    default String outputProblem(int width) {
        return null;
    }

    /**
     * The validation metric that stands for this loss when early stopping watches {@code loss}: {@code loss}
     * itself where the metrics report it (the mean loss per row), else one that orders models the same way
     * or nearly, in the labels' units ({@code rmse} for MSE).
     */
    default String lossMetric() {
        return "loss";
    }

    /**
     * Offered the network's last layer once, when the network is built. A loss that can take its gradient
     * with respect to that layer's input directly, more exactly than through the layer's own backward
     * pass, keeps the layer and returns true; the network then leaves that layer out of its backward pass.
     */
    default boolean absorbs(Layer last) {
        return false;
    }
}
