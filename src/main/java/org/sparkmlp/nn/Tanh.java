package org.sparkmlp.nn;

/** {@code f(x) = tanh(x)}; {@code f'(x) = 1 - f(x)^2}, taken from the saved output. */
public final class Tanh extends Elementwise {
    @Override
    void apply(double[] inp, double[] out, int n) {
        org.sparkmlp.math.Activations.tanh(inp, out, n);
    }

    @Override
    void derive(double[] inp, double[] out, double[] dout, double[] dinp, int n) {
        for (int i = 0; i < n; i++) {
            dinp[i] = dout[i] * (1.0 - out[i] * out[i]);
        }
    }

    @Override
    public String toString() {
        return "Tanh";
    }
}
