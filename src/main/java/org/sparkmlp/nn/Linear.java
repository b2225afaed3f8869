package org.sparkmlp.nn;

import java.util.SplittableRandom;
import org.sparkmlp.math.Checks;
import org.sparkmlp.math.Kernels;
import org.sparkmlp.math.Matrix;
import org.sparkmlp.math.SparseRows;

/**
 * Fully connected layer: {@code out = inp · w + b}.
 *
 * <p>Shapes: {@code inp [batchSize x inDim]}, {@code w [inDim x outDim]} row-major,
 * {@code b [outDim]}, {@code out [batchSize x outDim]}. In the flat parameter vector {@code w} comes
 * first, then {@code b}. All three products run as single GEMM calls over the whole batch, in the
 * precision of the network's parameters.
 *
 * <p>In a network, an activation that follows it and derives from its output ({@link Elementwise}) is fused
 * into it: the forward pass applies the function to this layer's output buffer in place, and the backward
 * pass turns the gradient it receives, with respect to the activation's output, into the one with respect to
 * this layer's output in a buffer of its own before the products.
 */
public final class Linear extends Layer {
    private final int inDim;
    private final int outDim;
    private boolean computeInputGrad = true;
    /** The sparse rows of the last forward pass, when it read sparse rows; else null. */
    private SparseRows sparseInp;
    /** The activation fused into this layer, or null. */
    private Elementwise activation;
    /** With an activation: the gradient with respect to the output before it, {@code dout * f'}. */
    private Matrix dz;

    /** A layer with zero weights, until a network takes it over or {@link #setParams} sets them. */
    public Linear(int inDim, int outDim) {
        Checks.arg(inDim > 0 && outDim > 0, "Linear needs inDim > 0 and outDim > 0, got %s -> %s", inDim, outDim);
        this.inDim = inDim;
        this.outDim = outDim;
    }

    public int inDim() {
        return inDim;
    }

    public int outDim() {
        return outDim;
    }

    private int bOff() {
        return offset + inDim * outDim;
    }

    @Override
    public int outputWidth(int inputWidth) {
        Checks.arg(inputWidth == inDim, "%s gets an input of width %s", this, inputWidth);
        return outDim;
    }

    /**
     * The first layer of a network has no use for {@code dinp}, and skipping it saves a third of the
     * layer's backward arithmetic.
     */
    @Override
    protected void skipInputGrad() {
        this.computeInputGrad = false;
    }

    /** Applies {@code activation} to this layer's output from now on; see the class comment. */
    void fuse(Elementwise activation) {
        this.activation = activation;
    }

    @Override
    public Matrix forward(Matrix inp) {
        Checks.arg(inp.cols() == inDim, "%s got input of shape (%s x %s), expected %s columns",
            this, inp.rows(), inp.cols(), inDim);
        checkPrecision(inp);
        int n = inp.rows();
        this.inp = inp;
        this.sparseInp = null;
        out = ensure(out, inp, n, outDim);
        Matrix v = params().valueStorage();
        Kernels.fillRows(out, n, v, bOff());
        // out[n x outDim] += inp[n x inDim] · w[inDim x outDim]
        Kernels.gemm(false, false, n, outDim, inDim, 1.0, inp, 0, inDim, v, offset, outDim, 1.0, out, 0, outDim);
        if (activation != null) {
            activation.applyInPlace(out);
        }
        return out;
    }

    /**
     * {@link #forward(Matrix)} for sparse rows, as the first layer of a network reads a wide sparse input:
     * the work is the stored values times {@code outDim}, whatever {@code inDim}. Its backward pass gives
     * no {@code dinp}.
     */
    public Matrix forward(SparseRows inp) {
        Checks.arg(inp.cols() == inDim, "%s got sparse rows %s wide, expected %s", this, inp.cols(), inDim);
        Checks.state(!computeInputGrad, "%s reads sparse rows only as the first layer of a network", this);
        int n = inp.rows();
        Matrix v = params().valueStorage();
        this.sparseInp = inp;
        this.inp = null;
        out = Matrix.reuse(out, v.precision(), n, outDim);
        Kernels.fillRows(out, n, v, bOff());
        Kernels.sparseTimes(inp, v, offset, outDim, out);
        if (activation != null) {
            activation.applyInPlace(out);
        }
        return out;
    }

    @Override
    public Matrix backward(Matrix dout) {
        if (sparseInp == null) {
            checkBackward(dout);
        } else {
            Checks.arg(dout.rows() == out.rows() && dout.cols() == outDim && dout.precision() == out.precision(),
                "%s: dout is (%s x %s) but the last output was (%s x %s)", this, dout.rows(), dout.cols(), out.rows(),
                outDim);
        }
        int n = dout.rows();
        Matrix g = params().gradStorage();
        if (activation != null) {
            dz = ensure(dz, dout, n, outDim);
            activation.deriveFromOutput(out, dout, dz);
            dout = dz;
        }
        if (sparseInp != null) {
            Kernels.sparseTransposeTimes(sparseInp, dout, outDim, g, offset);
            Kernels.addColumnSums(dout, n, g, bOff());
            return null;
        }
        // dw[inDim x outDim] += inp^T · dout
        Kernels.gemm(true, false, inDim, outDim, n, 1.0, inp, 0, inDim, dout, 0, outDim, 1.0, g, offset, outDim);
        // db[outDim] += column sums of dout
        Kernels.addColumnSums(dout, n, g, bOff());
        if (!computeInputGrad) {
            return null;
        }
        // dinp[n x inDim] = dout · w^T
        dinp = ensure(dinp, dout, n, inDim);
        Kernels.gemm(false, true, n, inDim, outDim, 1.0, dout, 0, outDim, params().valueStorage(), offset, outDim,
            0.0, dinp, 0, inDim);
        return dinp;
    }

    @Override
    public int numParams() {
        return inDim * outDim + outDim;
    }

    @Override
    protected void describe(FlatParams.Layout layout, String name) {
        layout.add(name + ".w", inDim, outDim, true);
        layout.add(name + ".b", 1, outDim, false);
    }

    @Override
    protected void reset() {
        Matrix v = params().valueStorage();
        for (int i = 0; i < numParams(); i++) {
            v.setAt(offset + i, 0);
        }
    }

    /**
     * Draws new weights and zero biases. Xavier/Glorot uniform, {@code U(-a, a)} with
     * {@code a = sqrt(6 / (inDim + outDim))}, suits sigmoid, tanh and output layers; He normal,
     * {@code N(0, 2 / inDim)}, keeps rectified activations from shrinking layer by layer, and is used when
     * the next layer is a {@link Layer#rectifier() rectifier}.
     */
    @Override
    protected void initialize(SplittableRandom rng, Layer next) {
        boolean he = next != null && next.rectifier();
        Matrix v = params().valueStorage();
        int n = inDim * outDim;
        if (he) {
            double std = Math.sqrt(2.0 / inDim);
            for (int i = 0; i < n; i++) {
                v.setAt(offset + i, std * gaussian(rng));
            }
        } else {
            double a = Math.sqrt(6.0 / (inDim + outDim));
            for (int i = 0; i < n; i++) {
                v.setAt(offset + i, (2 * rng.nextDouble() - 1) * a);
            }
        }
        for (int j = 0; j < outDim; j++) {
            v.setAt(bOff() + j, 0);
        }
    }

    /** Standard normal by the Box-Muller transform, so that the draw depends only on the generator. */
    private static double gaussian(SplittableRandom rng) {
        double u1 = 1.0 - rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** A double-precision copy of {@code w} as an {@code inDim x outDim} matrix. */
    public Matrix w() {
        return slice(params().valueStorage(), offset, inDim, outDim);
    }

    /** A double-precision copy of {@code b} as a {@code 1 x outDim} matrix. */
    public Matrix b() {
        return slice(params().valueStorage(), bOff(), 1, outDim);
    }

    /** A double-precision copy of the accumulated {@code dw}. */
    public Matrix dw() {
        return slice(params().gradStorage(), offset, inDim, outDim);
    }

    /** A double-precision copy of the accumulated {@code db}. */
    public Matrix db() {
        return slice(params().gradStorage(), bOff(), 1, outDim);
    }

    /** Replaces {@code w} and {@code b}; shapes must match. */
    public void setParams(Matrix w, double[] b) {
        Checks.arg(w.rows() == inDim && w.cols() == outDim && b.length == outDim,
            "%s needs w (%s x %s) and b [%s], got w (%s x %s) and b [%s]",
            this, inDim, outDim, outDim, w.rows(), w.cols(), b.length);
        Matrix v = params().valueStorage();
        for (int i = 0; i < inDim * outDim; i++) {
            v.setAt(offset + i, w.at(i));
        }
        for (int j = 0; j < outDim; j++) {
            v.setAt(bOff() + j, b[j]);
        }
    }

    private static Matrix slice(Matrix storage, int from, int rows, int cols) {
        Matrix copy = new Matrix(rows, cols);
        for (int i = 0; i < rows * cols; i++) {
            copy.setAt(i, storage.at(from + i));
        }
        return copy;
    }

    @Override
    public String toString() {
        return "Linear(" + inDim + "->" + outDim + ")";
    }
}
