package org.sparkmlp.nn;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.sparkmlp.math.Checks;
import org.sparkmlp.nn.loss.LossKind;

/**
 * The architecture of a network: layer widths from input to output, the hidden activation, the task and
 * the loss. Together with a flat parameter vector it is all that is needed to rebuild the network, which
 * is how executors get it: the spec and a {@code double[]} cross the wire, never layer objects.
 *
 * <p>{@code layers = [784, 128, 10]} with {@code RELU} and {@code CLASSIFICATION} means
 * {@code Linear(784->128), ReLU, Linear(128->10), Softmax}; a regression network ends at its last
 * {@code Linear}.
 */
public record ModelSpec(List<Integer> layers, Activation activation, Task task, LossKind loss)
    implements Serializable {

    public ModelSpec {
        Checks.arg(layers != null && layers.size() >= 2,
            "layers needs at least an input and an output width, got %s", layers);
        for (int i = 0; i < layers.size(); i++) {
            Checks.arg(layers.get(i) != null && layers.get(i) > 0,
                "layer widths must be positive integers, got %s at position %s of %s", layers.get(i), i, layers);
        }
        layers = List.copyOf(layers);
        Checks.arg(activation != null && task != null && loss != null, "activation, task and loss are required");
        if (task == Task.CLASSIFICATION) {
            Checks.arg(loss == LossKind.CROSS_ENTROPY,
                "classification trains with the cross-entropy loss, got %s", loss);
            int classes = layers.get(layers.size() - 1);
            Checks.arg(classes >= 2, "classification needs an output width of at least 2 classes, got %s", classes);
        } else {
            Checks.arg(loss != LossKind.CROSS_ENTROPY,
                "regression trains with mse or mae, not %s", loss);
        }
    }

    public int inputDim() {
        return layers.get(0);
    }

    public int outputDim() {
        return layers.get(layers.size() - 1);
    }

    /** The length of the flat parameter vector: {@code sum (in * out + out)} over the Linear layers. */
    public int numParams() {
        long n = 0;
        for (int i = 0; i + 1 < layers.size(); i++) {
            n += (long) layers.get(i) * layers.get(i + 1) + layers.get(i + 1);
        }
        return Math.toIntExact(n);
    }

    /**
     * The {@code [start, end)} ranges of the flat vector that hold weight matrices, not biases: what
     * weight decay applies to. Each layer's block is its {@code in x out} weights, then its biases.
     */
    public int[][] weightRanges() {
        int[][] ranges = new int[layers.size() - 1][];
        int offset = 0;
        for (int i = 0; i + 1 < layers.size(); i++) {
            int w = layers.get(i) * layers.get(i + 1);
            ranges[i] = new int[] {offset, offset + w};
            offset += w + layers.get(i + 1);
        }
        return ranges;
    }

    /** New layer objects for this architecture, with zero weights. */
    public List<Layer> buildLayers() {
        return buildLayers(0);
    }

    /** {@link #buildLayers()}, with {@link Dropout} after every hidden activation when {@code dropout > 0}. */
    public List<Layer> buildLayers(double dropout) {
        List<Layer> out = new ArrayList<>();
        for (int i = 0; i + 1 < layers.size(); i++) {
            out.add(new Linear(layers.get(i), layers.get(i + 1)));
            if (i + 2 < layers.size()) {
                out.add(activation.newLayer());
                if (dropout > 0) {
                    out.add(new Dropout(dropout));
                }
            }
        }
        if (task == Task.CLASSIFICATION) {
            out.add(new Softmax());
        }
        return out;
    }

    @Override
    public String toString() {
        return layers.toString().replace(" ", "") + " " + activation + " " + task.configName() + " " + loss;
    }
}
