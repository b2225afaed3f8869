package org.sparkmlp.nn;

import java.util.SplittableRandom;
import org.sparkmlp.math.Blas;
import org.sparkmlp.math.Checks;
import org.sparkmlp.math.Matrix;

/**
 * Fully connected layer: {@code out = inp · w + b}.
 *
 * <p>Shapes: {@code inp [batchSize x inDim]}, {@code w [inDim x outDim]} row-major,
 * {@code b [outDim]}, {@code out [batchSize x outDim]}. In the flat parameter vector {@code w} comes
 * first, then {@code b}. All three products run as single GEMM calls over the whole batch.
 */
public final class Linear extends Layer {
    private final int inDim;
    private final int outDim;
    private double[] values;
    private double[] grads;
    private int wOff;
    private boolean computeInputGrad = true;

    /** A layer with zero weights in its own parameter arrays, until an {@link MLP} takes it over. */
    public Linear(int inDim, int outDim) {
        Checks.arg(inDim > 0 && outDim > 0, "Linear needs inDim > 0 and outDim > 0, got %s -> %s", inDim, outDim);
        this.inDim = inDim;
        this.outDim = outDim;
        int n = inDim * outDim + outDim;
        this.values = new double[n];
        this.grads = new double[n];
    }

    public int inDim() {
        return inDim;
    }

    public int outDim() {
        return outDim;
    }

    private int bOff() {
        return wOff + inDim * outDim;
    }

    /**
     * Whether {@link #backward(Matrix)} computes {@code dinp}. The first layer of a network has no use for
     * it, and skipping it saves a third of the layer's backward arithmetic.
     */
    public void computeInputGrad(boolean enabled) {
        this.computeInputGrad = enabled;
    }

    @Override
    public Matrix forward(Matrix inp) {
        Checks.arg(inp.cols() == inDim, "%s got input of shape (%s x %s), expected %s columns",
            this, inp.rows(), inp.cols(), inDim);
        int n = inp.rows();
        this.inp = inp;
        out = ensure(out, n, outDim);
        double[] o = out.data();
        int bOff = bOff();
        for (int r = 0; r < n; r++) {
            System.arraycopy(values, bOff, o, r * outDim, outDim);
        }
        // out[n x outDim] += inp[n x inDim] · w[inDim x outDim]
        Blas.gemm(false, false, n, outDim, inDim, 1.0, inp.data(), 0, inDim, values, wOff, outDim,
            1.0, o, 0, outDim);
        return out;
    }

    @Override
    public Matrix backward(Matrix dout) {
        checkBackward(dout);
        int n = dout.rows();
        double[] d = dout.data();
        // dw[inDim x outDim] += inp^T · dout
        Blas.gemm(true, false, inDim, outDim, n, 1.0, inp.data(), 0, inDim, d, 0, outDim,
            1.0, grads, wOff, outDim);
        // db[outDim] += column sums of dout
        int bOff = bOff();
        for (int r = 0; r < n; r++) {
            int row = r * outDim;
            for (int j = 0; j < outDim; j++) {
                grads[bOff + j] += d[row + j];
            }
        }
        if (!computeInputGrad) {
            return null;
        }
        // dinp[n x inDim] = dout · w^T
        dinp = ensure(dinp, n, inDim);
        Blas.gemm(false, true, n, inDim, outDim, 1.0, d, 0, outDim, values, wOff, outDim,
            0.0, dinp.data(), 0, inDim);
        return dinp;
    }

    @Override
    public void step(double lr) {
        Blas.axpy(numParams(), -lr, grads, wOff, values, wOff);
    }

    @Override
    public int numParams() {
        return inDim * outDim + outDim;
    }

    @Override
    void bind(FlatParams params, int offset) {
        System.arraycopy(values, wOff, params.values(), offset, numParams());
        System.arraycopy(grads, wOff, params.grads(), offset, numParams());
        values = params.values();
        grads = params.grads();
        wOff = offset;
    }

    @Override
    void describe(FlatParams.Layout layout, int layerIndex) {
        layout.add("layer" + layerIndex + ".w", inDim, outDim);
        layout.add("layer" + layerIndex + ".b", 1, outDim);
    }

    /**
     * Draws new weights and zero biases. Xavier/Glorot uniform, {@code U(-a, a)} with
     * {@code a = sqrt(6 / (inDim + outDim))}, suits sigmoid, tanh and output layers; He normal,
     * {@code N(0, 2 / inDim)}, keeps ReLU activations from shrinking layer by layer.
     */
    public void initialize(boolean he, SplittableRandom rng) {
        int n = inDim * outDim;
        if (he) {
            double std = Math.sqrt(2.0 / inDim);
            for (int i = 0; i < n; i++) {
                values[wOff + i] = std * gaussian(rng);
            }
        } else {
            double a = Math.sqrt(6.0 / (inDim + outDim));
            for (int i = 0; i < n; i++) {
                values[wOff + i] = (2 * rng.nextDouble() - 1) * a;
            }
        }
        java.util.Arrays.fill(values, bOff(), bOff() + outDim, 0.0);
    }

    /** Standard normal by the Box-Muller transform, so that the draw depends only on the generator. */
    private static double gaussian(SplittableRandom rng) {
        double u1 = 1.0 - rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** A copy of {@code w} as an {@code inDim x outDim} matrix. */
    public Matrix w() {
        return slice(values, wOff, inDim, outDim);
    }

    /** A copy of {@code b} as a {@code 1 x outDim} matrix. */
    public Matrix b() {
        return slice(values, bOff(), 1, outDim);
    }

    /** A copy of the accumulated {@code dw}. */
    public Matrix dw() {
        return slice(grads, wOff, inDim, outDim);
    }

    /** A copy of the accumulated {@code db}. */
    public Matrix db() {
        return slice(grads, bOff(), 1, outDim);
    }

    /** Replaces {@code w} and {@code b}; shapes must match. */
    public void setParams(Matrix w, double[] b) {
        Checks.arg(w.rows() == inDim && w.cols() == outDim && b.length == outDim,
            "%s needs w (%s x %s) and b [%s], got w (%s x %s) and b [%s]",
            this, inDim, outDim, outDim, w.rows(), w.cols(), b.length);
        System.arraycopy(w.data(), 0, values, wOff, inDim * outDim);
        System.arraycopy(b, 0, values, bOff(), outDim);
    }

    private static Matrix slice(double[] array, int offset, int rows, int cols) {
        double[] copy = new double[rows * cols];
        System.arraycopy(array, offset, copy, 0, copy.length);
        return Matrix.wrap(rows, cols, copy);
    }

    @Override
    public String toString() {
        return "Linear(" + inDim + "->" + outDim + ")";
    }
}
