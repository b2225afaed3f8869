package org.sparkmlp.nn;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.sparkmlp.math.Checks;
import org.sparkmlp.nn.loss.LossKind;

/**
 * The architecture of a network: its input width, its layers in order, and its loss. Together with a flat
 * parameter vector it is all that is needed to rebuild the network, which is how executors get it: the
 * spec and a {@code double[]} cross the wire, never layer objects.
 *
 * <p>The constructor completes and checks the description: each layer's default setting is filled in,
 * the network gets the loss's {@link LossKind#outputLayer() output layer} (a cross-entropy network its final
 * {@code softmax}) when the description leaves it out, every layer must accept the width the previous one
 * produces, and the loss the width of the last. {@link #of(List, String, LossKind, double)} is the
 * {@code --layers 784,128,10 --activation relu} shorthand: {@code linear:128, relu, linear:10, softmax}.
 */
public record ModelSpec(int inputDim, List<LayerSpec> layers, LossKind loss) implements Serializable {

    public ModelSpec {
        Checks.arg(inputDim > 0, "a network needs an input width > 0, got %s", inputDim);
        Checks.arg(loss != null, "a network needs a loss");
        Checks.arg(layers != null && !layers.isEmpty(), "a network needs at least one layer");
        List<LayerSpec> complete = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec l = layers.get(i);
            Checks.arg(l != null, "layer %s of the network is missing", i + 1);
            complete.add(Layers.within(i, l, "the network", () -> Layers.complete(l)));
        }
        String output = loss.outputLayer();
        if (output != null && !complete.get(complete.size() - 1).type().equals(output)) {
            complete.add(LayerSpec.of(output));
        }
        layers = List.copyOf(complete);
        String problem = loss.outputProblem(build(inputDim, layers, null));
        Checks.arg(problem == null, "%s", problem);
    }

    /**
     * The shorthand network: a linear layer to each width after the input's, with {@code activation}
     * (and dropout at {@code dropout}, when above 0) after every hidden one.
     *
     * @param widths the input width, the hidden widths, then the output width
     */
    public static ModelSpec of(List<Integer> widths, String activation, LossKind loss, double dropout) {
        Checks.arg(widths != null && widths.size() >= 2,
            "layers needs at least an input and an output width, got %s", widths);
        for (int i = 0; i < widths.size(); i++) {
            Checks.arg(widths.get(i) != null && widths.get(i) > 0,
                "layer widths must be positive integers, got %s at position %s of %s", widths.get(i), i, widths);
        }
        Checks.arg(Layers.isActivation(activation), "unknown activation '%s'; expected one of %s", activation,
            Layers.activations());
        List<LayerSpec> layers = new ArrayList<>();
        for (int i = 1; i < widths.size(); i++) {
            layers.add(LayerSpec.of("linear", widths.get(i)));
            if (i + 1 < widths.size()) {
                layers.add(LayerSpec.of(activation));
                if (dropout > 0) {
                    layers.add(LayerSpec.of("dropout", dropout));
                }
            }
        }
        return new ModelSpec(widths.get(0), layers, loss);
    }

    /** {@link #of(List, String, LossKind, double)} without dropout. */
    public static ModelSpec of(List<Integer> widths, String activation, LossKind loss) {
        return of(widths, activation, loss, 0);
    }

    /** Builds the layers into {@code into} (when not null) and returns the output width. */
    private static int build(int inputDim, List<LayerSpec> layers, List<Layer> into) {
        return Layers.chain(inputDim, layers, into, "the network");
    }

    /** What the outputs mean: the loss's {@link LossKind#task()}. */
    public Task task() {
        return loss.task();
    }

    public int outputDim() {
        return build(inputDim, layers, null);
    }

    /** New layer objects for this architecture, not yet bound to parameters. */
    public List<Layer> buildLayers() {
        List<Layer> out = new ArrayList<>();
        build(inputDim, layers, out);
        return out;
    }

    /** The parameter layout of the network, layer by layer. */
    private FlatParams.Layout layout() {
        FlatParams.Layout layout = new FlatParams.Layout();
        List<Layer> built = buildLayers();
        for (int i = 0; i < built.size(); i++) {
            built.get(i).describe(layout, "layer" + i);
        }
        return layout;
    }

    /** The length of the flat parameter vector. */
    public int numParams() {
        return layout().size();
    }

    /**
     * The {@code [start, end)} ranges of the flat vector that weight decay applies to: the weight matrices,
     * not biases or normalisation gains.
     */
    public int[][] weightRanges() {
        return layout().segments().stream().filter(FlatParams.Segment::decay)
            .map(s -> new int[] {s.offset(), s.offset() + s.length()}).toArray(int[][]::new);
    }

    /** The layers as the command line writes them: {@code linear:128,relu,linear:10,softmax}. */
    public String network() {
        return layers.stream().map(LayerSpec::toString).collect(Collectors.joining(","));
    }

    @Override
    public String toString() {
        return inputDim + " -> " + network() + " " + loss;
    }
}
