package org.sparkmlp.nn;

import org.sparkmlp.math.Matrix;

/**
 * A parameter-free layer that applies a scalar function to every element:
 * {@code out[i] = f(inp[i])} and {@code dinp[i] = dout[i] * f'(inp[i])}. A subclass writes each of the two
 * as a loop per precision; this class picks the loop once per call, by the input's precision.
 */
public abstract class Elementwise extends Layer {
    /** Fills {@code out[0..n)} with {@code f(inp[0..n))}. */
    protected abstract void apply(double[] inp, double[] out, int n);

    /** Single-precision {@link #apply(double[], double[], int)}. */
    protected abstract void apply(float[] inp, float[] out, int n);

    /** Fills {@code dinp[0..n)} with {@code dout * f'}, from the saved input and output. */
    protected abstract void derive(double[] inp, double[] out, double[] dout, double[] dinp, int n);

    /** Single-precision {@link #derive(double[], double[], double[], double[], int)}. */
    protected abstract void derive(float[] inp, float[] out, float[] dout, float[] dinp, int n);

    @Override
    public final Matrix forward(Matrix inp) {
        this.inp = inp;
        out = ensure(out, inp, inp.rows(), inp.cols());
        if (inp.isFloat()) {
            apply(inp.floats(), out.floats(), inp.size());
        } else {
            apply(inp.data(), out.data(), inp.size());
        }
        return out;
    }

    @Override
    public final Matrix backward(Matrix dout) {
        checkBackward(dout);
        dinp = ensure(dinp, dout, dout.rows(), dout.cols());
        if (dout.isFloat()) {
            derive(inp.floats(), out.floats(), dout.floats(), dinp.floats(), dout.size());
        } else {
            derive(inp.data(), out.data(), dout.data(), dinp.data(), dout.size());
        }
        return dinp;
    }
}
