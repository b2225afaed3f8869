package org.sparkmlp.nn;

import org.sparkmlp.math.Matrix;

/**
 * A parameter-free layer that applies a scalar function to every element:
 * {@code out[i] = f(inp[i])} and {@code dinp[i] = dout[i] * f'(inp[i])}.
 */
abstract class Elementwise extends Layer {
    /** Fills {@code out[0..n)} with {@code f(inp[0..n))}. */
    abstract void apply(double[] inp, double[] out, int n);

    /** Fills {@code dinp[0..n)} with {@code dout * f'} using the saved input and output. */
    abstract void derive(double[] inp, double[] out, double[] dout, double[] dinp, int n);

    @Override
    public final Matrix forward(Matrix inp) {
        this.inp = inp;
        out = ensure(out, inp.rows(), inp.cols());
        apply(inp.data(), out.data(), inp.rows() * inp.cols());
        return out;
    }

    @Override
    public final Matrix backward(Matrix dout) {
        checkBackward(dout);
        dinp = ensure(dinp, dout.rows(), dout.cols());
        derive(inp.data(), out.data(), dout.data(), dinp.data(), dout.rows() * dout.cols());
        return dinp;
    }
}
