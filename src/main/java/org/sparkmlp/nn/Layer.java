package org.sparkmlp.nn;

import org.sparkmlp.math.Checks;
import org.sparkmlp.math.Matrix;

/**
 * One stage of a network: {@code forward}, {@code backward} and {@code step}, as in the design note.
 *
 * <p>The contract every layer follows:
 * <ul>
 *   <li>{@link #forward(Matrix)} takes {@code inp: [batchSize x inDim]} and returns
 *       {@code out: [batchSize x outDim]}. The returned matrix is the layer's own buffer and stays valid
 *       until the next {@code forward}; the layer keeps a reference to {@code inp} for the backward pass,
 *       so the caller must not modify it in between.</li>
 *   <li>{@link #backward(Matrix)} takes {@code dout = dL/d(out)} and returns {@code dinp = dL/d(inp)}.
 *       Parameter gradients are <em>added</em> into the layer's {@code dw}/{@code db}; they are cleared
 *       only by {@link MLP#zeroGrad()} (or {@link FlatParams#zeroGrad()}).</li>
 *   <li>{@link #step(double)} applies {@code w -= lr * dw} to the layer's parameters and nothing else.</li>
 * </ul>
 * Calling {@code backward} before any {@code forward} throws {@link IllegalStateException}.
 */
public abstract class Layer {
    /** The last input seen by {@link #forward(Matrix)}; not owned. */
    protected Matrix inp;
    /** The output buffer, owned and reused across calls. */
    protected Matrix out;
    /** The input-gradient buffer, owned and reused across calls. */
    protected Matrix dinp;

    /** Computes the layer's output for a batch; see the class contract. */
    public abstract Matrix forward(Matrix inp);

    /** Back-propagates {@code dout} through the layer; see the class contract. */
    public abstract Matrix backward(Matrix dout);

    /** Plain gradient-descent update of this layer's parameters: {@code w -= lr * dw}. */
    public void step(double lr) {
    }

    /** The number of trainable parameters this layer owns. */
    public int numParams() {
        return 0;
    }

    /**
     * Moves this layer's parameters into {@code params} at {@code offset}, copying their current
     * values, so that the layer becomes a view on the model's flat vector.
     */
    void bind(FlatParams params, int offset) {
    }

    /** Registers this layer's parameter segments with {@code builder}; called once by {@link MLP}. */
    void describe(FlatParams.Layout builder, int layerIndex) {
    }

    /** Ensures {@code m} is a {@code rows x cols} buffer, allocating only when it must grow. */
    protected static Matrix ensure(Matrix m, int rows, int cols) {
        if (m == null || m.cols() != cols) {
            return new Matrix(rows, cols);
        }
        return m.resizeRows(rows);
    }

    /** Throws unless {@link #forward(Matrix)} has run and {@code dout} matches its output's shape. */
    protected void checkBackward(Matrix dout) {
        Checks.state(inp != null, "backward() called before forward() on %s", this);
        Checks.arg(dout.rows() == out.rows() && dout.cols() == out.cols(),
            "%s: dout is (%s x %s) but the last output was (%s x %s)",
            this, dout.rows(), dout.cols(), out.rows(), out.cols());
    }
}
