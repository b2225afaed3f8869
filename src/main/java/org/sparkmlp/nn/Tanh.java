package org.sparkmlp.nn;

import org.sparkmlp.math.Activations;

/** {@code f(x) = tanh(x)}; {@code f'(x) = 1 - f(x)^2}, taken from the saved output. */
public final class Tanh extends Elementwise {
    @Override
    protected void apply(double[] inp, double[] out, int n) {
        Activations.tanh(inp, out, n);
    }

    @Override
    protected void apply(float[] inp, float[] out, int n) {
        Activations.tanh(inp, out, n);
    }

    @Override
    protected void derive(double[] inp, double[] out, double[] dout, double[] dinp, int n) {
        for (int i = 0; i < n; i++) {
            dinp[i] = dout[i] * (1.0 - out[i] * out[i]);
        }
    }

    @Override
    protected void derive(float[] inp, float[] out, float[] dout, float[] dinp, int n) {
        for (int i = 0; i < n; i++) {
            dinp[i] = dout[i] * (1f - out[i] * out[i]);
        }
    }

    @Override
    public String toString() {
        return "Tanh";
    }
}
