package org.sparkmlp.nn;

import java.util.List;
import java.util.SplittableRandom;
import org.sparkmlp.math.Checks;
import org.sparkmlp.math.Matrix;
import org.sparkmlp.nn.loss.CrossEntropy;
import org.sparkmlp.nn.loss.Loss;

/**
 * A multilayer perceptron: layers applied in order, and a loss.
 *
 * <p>All parameters live in one {@link FlatParams}; each layer's {@code w}, {@code b}, {@code dw},
 * {@code db} are views into it. When the last layer is a {@link Softmax} and the loss is
 * {@link CrossEntropy}, the backward pass starts from the combined gradient {@code p - y} with respect to
 * the logits and the loss is computed from the logits, which keeps both exact and finite for any logits.
 *
 * <p>Not thread-safe: each thread works with its own instance (layers keep their buffers).
 */
public final class MLP {
    private final List<Layer> layers;
    private final Loss loss;
    private final FlatParams params;
    private final boolean softmaxCrossEntropy;
    private Matrix dlogits;

    /**
     * Chains {@code layers} and gathers their parameters, with their current values, into one flat
     * vector. The first {@link Linear} skips computing the gradient with respect to the network input.
     */
    public MLP(List<Layer> layers, Loss loss) {
        Checks.arg(!layers.isEmpty(), "an MLP needs at least one layer");
        this.layers = List.copyOf(layers);
        this.loss = Checks.notNull(loss, "loss");
        FlatParams.Layout layout = new FlatParams.Layout();
        for (int i = 0; i < this.layers.size(); i++) {
            this.layers.get(i).describe(layout, i);
        }
        this.params = new FlatParams(layout.segments());
        int offset = 0;
        for (Layer layer : this.layers) {
            layer.bind(params, offset);
            offset += layer.numParams();
        }
        if (this.layers.get(0) instanceof Linear first) {
            first.computeInputGrad(false);
        }
        this.softmaxCrossEntropy = this.layers.get(this.layers.size() - 1) instanceof Softmax
            && loss instanceof CrossEntropy;
    }

    /**
     * A training network for {@code spec} with {@link Dropout} at {@code dropout} after each hidden
     * activation, and the parameters {@code values}; {@link #dropoutMasks(long)} seeds each pass's masks.
     */
    public static MLP fromFlat(ModelSpec spec, double[] values, double dropout) {
        Checks.arg(values.length == spec.numParams(),
            "flat parameter array has %s values but spec %s needs %s", values.length, spec, spec.numParams());
        MLP net = new MLP(spec.buildLayers(dropout), spec.loss().create());
        net.params.load(values);
        return net;
    }

    /** Seeds the dropout masks of the next forward pass: hidden layer j draws from {@link Dropout#layerSeed}. */
    public void dropoutMasks(long passSeed) {
        int j = 0;
        for (Layer layer : layers) {
            if (layer instanceof Dropout d) {
                d.mask(Dropout.layerSeed(passSeed, j++));
            }
        }
    }

    /** A network for {@code spec} with weights drawn from {@code seed}; see {@link #initialize(long)}. */
    public static MLP create(ModelSpec spec, long seed) {
        MLP net = new MLP(spec.buildLayers(), spec.loss().create());
        net.initialize(seed);
        return net;
    }

    /** A network for {@code spec} with the given flat parameters (copied). */
    public static MLP fromFlat(ModelSpec spec, double[] values) {
        Checks.arg(values.length == spec.numParams(),
            "flat parameter array has %s values but spec %s needs %s", values.length, spec, spec.numParams());
        MLP net = new MLP(spec.buildLayers(), spec.loss().create());
        net.params.load(values);
        return net;
    }

    /**
     * Draws every {@link Linear}'s weights from one generator seeded with {@code seed}, layer by layer:
     * He initialisation for a layer followed by {@link ReLU}, Xavier for any other. Biases start at zero.
     */
    public void initialize(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof Linear linear) {
                boolean he = i + 1 < layers.size() && layers.get(i + 1) instanceof ReLU;
                linear.initialize(he, rng);
            }
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

    /** Runs {@code x: [batchSize x inDim]} through every layer; returns the last layer's output buffer. */
    public Matrix forward(Matrix x) {
        Matrix out = x;
        for (Layer layer : layers) {
            out = layer.forward(out);
        }
        return out;
    }

    /**
     * The softmax's input of the last {@link #forward}, {@code [batchSize x classes]}: what Spark ML calls
     * the raw prediction. Null when the network does not end in a softmax.
     */
    public Matrix logits() {
        return layers.get(layers.size() - 1) instanceof Softmax softmax ? softmax.logits() : null;
    }

    /** The summed loss of the batch, without touching the gradients. */
    public double loss(Matrix x, Matrix target) {
        Matrix out = forward(x);
        if (softmaxCrossEntropy) {
            Softmax softmax = (Softmax) layers.get(layers.size() - 1);
            dlogits = ensureLike(dlogits, out);
            return CrossEntropy.fromLogits(softmax.logits(), softmax.probabilities(), softmax.logSumExp(), target,
                dlogits);
        }
        return loss.forward(out, target);
    }

    /**
     * Forward pass, loss and backward pass for one batch. Returns the summed loss and adds the gradient
     * of that sum into {@link FlatParams#grads()}.
     */
    public double lossAndBackward(Matrix x, Matrix target) {
        double value = loss(x, target);
        int last = layers.size() - 1;
        Matrix grad;
        if (softmaxCrossEntropy) {
            grad = dlogits;
            last--;
        } else {
            grad = loss.backward();
        }
        for (int i = last; i >= 0 && grad != null; i--) {
            grad = layers.get(i).backward(grad);
        }
        return value;
    }

    /**
     * {@link #lossAndBackward(Matrix, Matrix)} with a weight per row: the returned sum is
     * {@code sum_r w_r loss_r}, and its gradient is accumulated. Null weights mean 1 for every row.
     */
    public double lossAndBackward(Matrix x, Matrix target, double[] rowWeights) {
        if (rowWeights == null) {
            return lossAndBackward(x, target);
        }
        Matrix out = forward(x);
        int last = layers.size() - 1;
        Matrix grad;
        double value = 0;
        if (softmaxCrossEntropy) {
            Softmax softmax = (Softmax) layers.get(last);
            dlogits = ensureLike(dlogits, out);
            CrossEntropy.fromLogits(softmax.logits(), softmax.probabilities(), softmax.logSumExp(), target, dlogits);
            double[] z = softmax.logits().data();
            double[] lse = softmax.logSumExp();
            double[] y = target.data();
            int k = dlogits.cols();
            for (int r = 0; r < dlogits.rows(); r++) {
                double zy = 0;
                for (int j = 0; j < k; j++) {
                    zy += y[r * k + j] * z[r * k + j];
                }
                value += rowWeights[r] * (lse[r] - zy);
            }
            grad = dlogits;
            last--;
        } else {
            loss.forward(out, target);
            grad = loss.backward();
            double[] p = out.data();
            double[] t = target.data();
            int k = out.cols();
            boolean mse = loss instanceof org.sparkmlp.nn.loss.MSE;
            for (int r = 0; r < out.rows(); r++) {
                double row = 0;
                for (int j = 0; j < k; j++) {
                    double e = p[r * k + j] - t[r * k + j];
                    row += mse ? e * e : Math.abs(e);
                }
                value += rowWeights[r] * row / k;
            }
        }
        double[] g = grad.data();
        int k = grad.cols();
        for (int r = 0; r < grad.rows(); r++) {
            for (int j = 0; j < k; j++) {
                g[r * k + j] *= rowWeights[r];
            }
        }
        for (int i = last; i >= 0 && grad != null; i--) {
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

    private static Matrix ensureLike(Matrix m, Matrix like) {
        if (m == null || m.cols() != like.cols()) {
            return new Matrix(like.rows(), like.cols());
        }
        return m.resizeRows(like.rows());
    }

    @Override
    public String toString() {
        return "MLP" + layers + " loss=" + loss.name();
    }
}
