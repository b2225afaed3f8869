package org.sparkmlp.nn;

import org.sparkmlp.math.Checks;
import org.sparkmlp.math.Matrix;

/**
 * A parameter-free layer that applies a scalar function to every element:
 * {@code out[i] = f(inp[i])} and {@code dinp[i] = dout[i] * f'(inp[i])}. A subclass writes each of the two
 * as a loop per precision; this class picks the loop once per call, by the input's precision.
 *
 * <p>An activation whose derivative can be read from its output ({@link #derivesFromOutput()}) right after
 * a {@link Linear} in a network is fused into it: the linear layer applies the function to its own output
 * in place and the derivative on its way back, so that the pair makes no intermediate copies, and this
 * layer passes its input and gradient through.
 */
public abstract class Elementwise extends Layer {
    /** Whether a {@link Linear} applies this function for it; see {@link #fuseInto(Linear)}. */
    private boolean fused;

    /** Fills {@code out[0..n)} with {@code f(inp[0..n))}. */
    protected abstract void apply(double[] inp, double[] out, int n);

    /** Single-precision {@link #apply(double[], double[], int)}. */
    protected abstract void apply(float[] inp, float[] out, int n);

    /** Fills {@code dinp[0..n)} with {@code dout * f'}, from the saved input and output. */
    protected abstract void derive(double[] inp, double[] out, double[] dout, double[] dinp, int n);

    /** Single-precision {@link #derive(double[], double[], double[], double[], int)}. */
    protected abstract void derive(float[] inp, float[] out, float[] dout, float[] dinp, int n);

    /**
     * Whether {@link #apply} may run in place ({@code inp} and {@code out} the same array) and {@link #derive}
     * gives the same result when it is handed the output as the input too: true for ReLU, leaky ReLU,
     * sigmoid and tanh. Such a function fuses into the linear layer before it.
     */
    protected boolean derivesFromOutput() {
        return false;
    }

    /** Hands this function to {@code linear}, which then applies it; this layer passes everything through. */
    final void fuseInto(Linear linear) {
        Checks.state(derivesFromOutput(), "%s cannot be fused: its derivative needs its input", this);
        linear.fuse(this);
        fused = true;
    }

    /** {@code m = f(m)}, in place. */
    final void applyInPlace(Matrix m) {
        if (m.isFloat()) {
            apply(m.floats(), m.floats(), m.size());
        } else {
            apply(m.data(), m.data(), m.size());
        }
    }

    /** {@code dinp = dout * f'}, read from the output {@code out} alone. */
    final void deriveFromOutput(Matrix out, Matrix dout, Matrix dinp) {
        if (dout.isFloat()) {
            derive(out.floats(), out.floats(), dout.floats(), dinp.floats(), dout.size());
        } else {
            derive(out.data(), out.data(), dout.data(), dinp.data(), dout.size());
        }
    }

    @Override
    public final Matrix forward(Matrix inp) {
        this.inp = inp;
        if (fused) {
            out = inp;
            return inp;
        }
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
        if (fused) {
            return dout;
        }
        dinp = ensure(dinp, dout, dout.rows(), dout.cols());
        if (dout.isFloat()) {
            derive(inp.floats(), out.floats(), dout.floats(), dinp.floats(), dout.size());
        } else {
            derive(inp.data(), out.data(), dout.data(), dinp.data(), dout.size());
        }
        return dinp;
    }
}
