package org.sparkmlp.nn;

/** {@code f(x) = max(0, x)}; the derivative is 1 where the input is positive, else 0. */
public final class ReLU extends Elementwise {
    @Override
    protected void apply(double[] inp, double[] out, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = Math.max(0.0, inp[i]);
        }
    }

    @Override
    protected void apply(float[] inp, float[] out, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = Math.max(0f, inp[i]);
        }
    }

    @Override
    protected void derive(double[] inp, double[] out, double[] dout, double[] dinp, int n) {
        for (int i = 0; i < n; i++) {
            dinp[i] = inp[i] > 0 ? dout[i] : 0.0;
        }
    }

    @Override
    protected void derive(float[] inp, float[] out, float[] dout, float[] dinp, int n) {
        for (int i = 0; i < n; i++) {
            dinp[i] = inp[i] > 0 ? dout[i] : 0f;
        }
    }

    @Override
    protected boolean rectifier() {
        return true;
    }

    @Override
    public String toString() {
        return "ReLU";
    }

    /** The derivative reads only whether the output is positive, which it is exactly where the input is. */
    @Override
    protected final boolean derivesFromOutput() {
        return true;
    }
}
