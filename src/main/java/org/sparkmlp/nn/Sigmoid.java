package org.sparkmlp.nn;

import org.sparkmlp.math.Activations;
import org.sparkmlp.math.Matrix;

/** {@code f(x) = 1 / (1 + e^-x)}; {@code f'(x) = f(x) (1 - f(x))}, taken from the saved output. */
public final class Sigmoid extends Elementwise {
    @Override
    protected void apply(double[] inp, double[] out, int n) {
        Activations.sigmoid(inp, out, n);
    }

    @Override
    protected void apply(float[] inp, float[] out, int n) {
        Activations.sigmoid(inp, out, n);
    }

    @Override
    protected void derive(double[] inp, double[] out, double[] dout, double[] dinp, int n) {
        for (int i = 0; i < n; i++) {
            dinp[i] = dout[i] * out[i] * (1.0 - out[i]);
        }
    }

    @Override
    protected void derive(float[] inp, float[] out, float[] dout, float[] dinp, int n) {
        for (int i = 0; i < n; i++) {
            dinp[i] = dout[i] * (out[i] * (1f - out[i]));
        }
    }

    /** The probabilities of the last forward pass. */
    public Matrix output() {
        return out;
    }

    @Override
    public String toString() {
        return "Sigmoid";
    }
}
