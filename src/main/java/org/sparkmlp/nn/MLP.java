package org.sparkmlp.nn;

import java.util.List;
import java.util.SplittableRandom;
import org.sparkmlp.math.Checks;
import org.sparkmlp.math.Matrix;
import org.sparkmlp.math.SparseRows;
import org.sparkmlp.math.Precision;
import org.sparkmlp.nn.loss.Loss;
import org.sparkmlp.nn.loss.Targets;

/**
 * A multilayer perceptron: layers applied in order, and a loss. The one network class: the driver, every
 * executor and the tests run it, in float32 for the fast gradient pass or float64 for the reference,
 * prediction and gradient checks.
 *
 * <p>All parameters live in one {@link FlatParams} in the network's precision; each layer's parameters
 * are views into it. The loss is offered the last layer when the network is built
 * ({@link Loss#absorbs}): cross-entropy takes a final softmax that way and starts the backward pass from
 * {@code p - y} with respect to the logits. A hidden activation that derives from its output is fused
 * into the linear layer before it ({@link Elementwise}); the last layer never is, so that its input stays
 * the logits.
 *
 * <p>Not thread-safe: each thread works with its own instance (layers keep their buffers).
 */
public final class MLP {
    private final List<Layer> layers;
    private final Loss loss;
    private final FlatParams params;
    /** The last layer whose backward pass runs: the one before the last when the loss absorbed the last. */
    private final int lastBackward;

    /** A double-precision network of {@code layers}; see {@link #MLP(List, Loss, Precision)}. */
    public MLP(List<Layer> layers, Loss loss) {
        this(layers, loss, Precision.DOUBLE);
    }

    /**
     * Chains {@code layers} and gathers their parameters, with their current values, into one flat vector
     * in {@code precision}. The first layer skips computing the gradient with respect to the network input.
     */
    public MLP(List<Layer> layers, Loss loss, Precision precision) {
        this(layers, loss, precision, true);
    }

    /** {@link #MLP(List, Loss, Precision)}, with the hidden activations fused into their linear layers or not. */
    MLP(List<Layer> layers, Loss loss, Precision precision, boolean fuse) {
        Checks.arg(!layers.isEmpty(), "an MLP needs at least one layer");
        this.layers = List.copyOf(layers);
        this.loss = Checks.notNull(loss, "loss");
        FlatParams.Layout layout = new FlatParams.Layout();
        for (int i = 0; i < this.layers.size(); i++) {
            this.layers.get(i).describe(layout, "layer" + i);
        }
        this.params = new FlatParams(layout.segments(), Checks.notNull(precision, "precision"));
        int offset = 0;
        for (Layer layer : this.layers) {
            layer.bind(params, offset);
            offset += layer.numParams();
        }
        this.layers.get(0).skipInputGrad();
        int last = this.layers.size() - 1;
        for (int i = 0; fuse && i + 1 < last; i++) {
            if (this.layers.get(i) instanceof Linear linear && this.layers.get(i + 1) instanceof Elementwise f
                && f.derivesFromOutput()) {
                f.fuseInto(linear);
            }
        }
        this.lastBackward = loss.absorbs(this.layers.get(last)) ? last - 1 : last;
    }

    /** A network for {@code spec} in {@code precision}, with its layers' neutral parameters. */
    public static MLP of(ModelSpec spec, Precision precision) {
        return new MLP(spec.buildLayers(), spec.loss().create(), precision);
    }

    /** A double-precision network for {@code spec} with weights drawn from {@code seed}; see {@link #initialize(long)}. */
    public static MLP create(ModelSpec spec, long seed) {
        MLP net = of(spec, Precision.DOUBLE);
        net.initialize(seed);
        return net;
    }

    /** A double-precision network for {@code spec} with the given flat parameters (copied). */
    public static MLP fromFlat(ModelSpec spec, double[] values) {
        return fromFlat(spec, Precision.DOUBLE, values);
    }

    /** A network for {@code spec} in {@code precision} with the given flat parameters, rounded to it. */
    public static MLP fromFlat(ModelSpec spec, Precision precision, double[] values) {
        MLP net = of(spec, precision);
        Checks.arg(values.length == net.params.size(),
            "flat parameter array has %s values but spec %s needs %s", values.length, spec, net.params.size());
        net.params.load(values);
        return net;
    }

    /**
     * Draws the parameters from one generator seeded with {@code seed}, layer by layer: a linear layer
     * followed by a rectifier gets He initialisation, any other Xavier; biases start at zero and
     * normalisation gains at one.
     */
    public void initialize(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i).initialize(rng, i + 1 < layers.size() ? layers.get(i + 1) : null);
        }
    }

    public List<Layer> layers() {
        return layers;
    }

    public Loss loss() {
        return loss;
    }

    public FlatParams params() {
        return params;
    }

    public Precision precision() {
        return params.precision();
    }

    /**
     * Switches the network between training passes, in which layers such as dropout act, and inference,
     * in which they pass their input through. A new network is in inference mode.
     */
    public MLP training(boolean on) {
        layers.forEach(l -> l.training(on));
        return this;
    }

    /** Seeds the random choices of the next training pass: layer {@code i} draws from {@link #layerSeed}. */
    public void seed(long passSeed) {
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i).seed(layerSeed(passSeed, i));
        }
    }

    /** The seed of layer {@code layer} (0-based) in a pass seeded with {@code passSeed}: a SplitMix64 step. */
    public static long layerSeed(long passSeed, int layer) {
        long z = passSeed + 0x9E3779B97F4A7C15L * (layer + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Runs {@code x: [batchSize x inDim]} through every layer; returns the last layer's output buffer. */
    public Matrix forward(Matrix x) {
        Matrix out = x;
        for (Layer layer : layers) {
            out = layer.forward(out);
        }
        return out;
    }

    /**
     * {@link #forward(Matrix)} for sparse rows {@code [batchSize x inDim]}, which the first layer, a
     * {@link Linear}, multiplies as they are.
     */
    public Matrix forward(SparseRows x) {
        Checks.arg(layers.get(0) instanceof Linear, "a sparse input needs a linear first layer; the network starts "
            + "with %s", layers.get(0));
        Matrix out = ((Linear) layers.get(0)).forward(x);
        for (int i = 1; i < layers.size(); i++) {
            out = layers.get(i).forward(out);
        }
        return out;
    }

    /** {@link #loss(Matrix, Targets)} for sparse rows. */
    public double loss(SparseRows x, Targets targets) {
        return loss.forward(forward(x), targets);
    }

    /** {@link #lossAndBackward(Matrix, Targets)} for sparse rows. */
    public double lossAndBackward(SparseRows x, Targets targets) {
        return backward(loss.forward(forward(x), targets));
    }

    /**
     * The input of the final softmax or sigmoid in the last {@link #forward}, {@code [batchSize x outputs]}:
     * what Spark ML calls the raw prediction. Null when the network ends in neither.
     */
    public Matrix logits() {
        Layer last = layers.get(layers.size() - 1);
        return last instanceof Softmax || last instanceof Sigmoid ? last.input() : null;
    }

    /** The weighted, summed loss of the batch, without touching the gradients. */
    public double loss(Matrix x, Targets targets) {
        return loss.forward(forward(x), targets);
    }

    /**
     * Forward pass, loss and backward pass for one batch. Returns the weighted, summed loss and adds the
     * gradient of that sum into {@link FlatParams#gradStorage()}.
     */
    public double lossAndBackward(Matrix x, Targets targets) {
        return backward(loss(x, targets));
    }

    /** Runs the backward pass of the last forward pass and loss; returns {@code value}, that loss. */
    private double backward(double value) {
        Matrix grad = loss.backward();
        for (int i = lastBackward; i >= 0 && grad != null; i--) {
            grad = layers.get(i).backward(grad);
        }
        return value;
    }

    /** Clears all accumulated gradients. */
    public void zeroGrad() {
        params.zeroGrad();
    }

    /** Plain gradient descent on every layer: {@code w -= lr * dw}. */
    public void step(double lr) {
        for (Layer layer : layers) {
            layer.step(lr);
        }
    }

    @Override
    public String toString() {
        return "MLP" + layers + " loss=" + loss.name() + " " + precision();
    }
}
