package org.sparkmlp.nn;

import java.util.SplittableRandom;
import org.sparkmlp.math.Checks;
import org.sparkmlp.math.Kernels;
import org.sparkmlp.math.Matrix;
import org.sparkmlp.math.Precision;

/**
 * One stage of a network: {@code forward}, {@code backward} and {@code step}, as in the design note.
 *
 * <p>The contract every layer follows:
 * <ul>
 *   <li>{@link #forward(Matrix)} takes {@code inp: [batchSize x inDim]} and returns
 *       {@code out: [batchSize x outDim]} in the same precision. The returned matrix is the layer's own
 *       buffer (or, for a layer that passes its input through, the input itself) and stays valid until
 *       the next {@code forward}; the layer keeps a reference to {@code inp} for the backward pass, so
 *       the caller must not modify it in between.</li>
 *   <li>{@link #backward(Matrix)} takes {@code dout = dL/d(out)} and returns {@code dinp = dL/d(inp)}.
 *       Parameter gradients are <em>added</em> into the layer's view of {@link FlatParams#gradStorage()};
 *       they are cleared only by {@link MLP#zeroGrad()} (or {@link FlatParams#zeroGrad()}).</li>
 *   <li>{@link #step(double)} applies {@code w -= lr * dw} to the layer's parameters and nothing else.</li>
 * </ul>
 * Precision is a property of the data: a layer runs in whatever precision its input and its parameters
 * have, with one loop per precision over the primitive arrays. Calling {@code backward} before any
 * {@code forward} throws {@link IllegalStateException}.
 *
 * <p>A new layer type is this class's subclass plus its registration: a built-in one in {@link Layers}, or,
 * from a jar, an {@link Extension}. A layer with parameters adds their segments in {@link #describe}, sets
 * their neutral values in {@link #reset} and their initial ones in {@link #initialize}; its parameters
 * are then {@code params().valueStorage()} from {@link #offset}, its gradients the same range of
 * {@code params().gradStorage()}.
 */
public abstract class Layer {
    /** The last input seen by {@link #forward(Matrix)}; not owned. */
    protected Matrix inp;
    /** The output buffer, owned and reused across calls. */
    protected Matrix out;
    /** The input-gradient buffer, owned and reused across calls. */
    protected Matrix dinp;
    /** Whether the layer is in a training pass: only layers such as {@link Dropout} behave differently. */
    protected boolean training;
    /** The flat vector holding this layer's parameters, once bound; see {@link #params()}. */
    private FlatParams params;
    /** Where this layer's parameters start in {@link #params}. */
    protected int offset;

    /** Computes the layer's output for a batch; see the class contract. */
    public abstract Matrix forward(Matrix inp);

    /** Back-propagates {@code dout} through the layer; see the class contract. */
    public abstract Matrix backward(Matrix dout);

    /** Plain gradient-descent update of this layer's parameters: {@code w -= lr * dw}. */
    public void step(double lr) {
        if (numParams() > 0) {
            FlatParams p = params();
            Kernels.axpy(numParams(), -lr, p.gradStorage(), offset, p.valueStorage(), offset);
        }
    }

    /** The number of trainable parameters this layer owns. */
    public int numParams() {
        return 0;
    }

    /** The width of this layer's output for an input of {@code inputWidth}; refuses a width it cannot take. */
    public int outputWidth(int inputWidth) {
        return inputWidth;
    }

    /** The input of the last {@link #forward}, or null before the first. */
    public Matrix input() {
        return inp;
    }

    /**
     * Registers this layer's parameter segments with {@code layout}, each named after {@code name}, the
     * layer's place in the network ({@code layer3}, or {@code layer3.0} inside a block): {@code name + ".w"}.
     */
    protected void describe(FlatParams.Layout layout, String name) {
    }

    /** Sets the parameters to their neutral values: zero weights, a gain of one. */
    protected void reset() {
    }

    /**
     * Draws initial parameters from {@code rng}; {@code next} is the layer that follows (null at the end),
     * whose kind decides, for example, a weight scale.
     */
    protected void initialize(SplittableRandom rng, Layer next) {
        reset();
    }

    /** Whether a {@link Linear} layer feeding this one is best initialised for a rectifier (He). */
    protected boolean rectifier() {
        return false;
    }

    /** Switches between training passes and inference. */
    protected void training(boolean on) {
        this.training = on;
    }

    /** Seeds the random choices of the next training pass, such as a dropout mask. */
    protected void seed(long seed) {
    }

    /** Tells the first layer of a network that nobody reads {@code dinp}, so it may skip computing it. */
    protected void skipInputGrad() {
    }

    /**
     * The flat vector holding this layer's parameters. A layer used on its own gets a double-precision
     * one of its own, with neutral values; a network {@link #bind binds} it into the network's vector.
     */
    protected final FlatParams params() {
        if (params == null) {
            FlatParams.Layout layout = new FlatParams.Layout();
            describe(layout, "layer0");
            bind(new FlatParams(layout.segments(), Precision.DOUBLE), 0);
        }
        return params;
    }

    /** The layers this one holds, whose parameters follow one another from its {@link #offset}; see {@link Block}. */
    java.util.List<Layer> held() {
        return java.util.List.of();
    }

    /**
     * Makes this layer a view on {@code target} at {@code at}. Values the layer already had (set while it
     * was used on its own) move along; a layer without any gets its neutral values. A block binds the
     * layers it holds, one after the other.
     */
    final void bind(FlatParams target, int at) {
        FlatParams own = params;
        int ownOffset = offset;
        params = target;
        offset = at;
        if (!held().isEmpty()) {
            int next = at;
            for (Layer l : held()) {
                l.bind(target, next);
                next += l.numParams();
            }
        } else if (own == null) {
            reset();
        } else {
            for (int i = 0; i < numParams(); i++) {
                target.valueStorage().setAt(at + i, own.valueStorage().at(ownOffset + i));
            }
        }
    }

    /** Ensures {@code m} is a {@code rows x cols} buffer in {@code like}'s precision, allocating only when it must grow. */
    protected static Matrix ensure(Matrix m, Matrix like, int rows, int cols) {
        return Matrix.reuse(m, like.precision(), rows, cols);
    }

    /** Throws unless {@code m} has the precision of this layer's parameters. */
    protected final void checkPrecision(Matrix m) {
        Checks.arg(m.precision() == params().precision(), "%s has %s parameters but got a %s input", this,
            params().precision(), m.precision());
    }

    /** Throws unless {@link #forward(Matrix)} has run and {@code dout} matches its output's shape. */
    protected void checkBackward(Matrix dout) {
        Checks.state(inp != null, "backward() called before forward() on %s", this);
        Checks.arg(dout.rows() == out.rows() && dout.cols() == out.cols(),
            "%s: dout is (%s x %s) but the last output was (%s x %s)",
            this, dout.rows(), dout.cols(), out.rows(), out.cols());
        Checks.arg(dout.precision() == out.precision(), "%s: dout is %s but the last output was %s", this,
            dout.precision(), out.precision());
    }
}
