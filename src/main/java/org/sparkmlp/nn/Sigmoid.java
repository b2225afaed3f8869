package org.sparkmlp.nn;

/** {@code f(x) = 1 / (1 + e^-x)}; {@code f'(x) = f(x) (1 - f(x))}, taken from the saved output. */
public final class Sigmoid extends Elementwise {
    @Override
    void apply(double[] inp, double[] out, int n) {
        org.sparkmlp.math.Activations.sigmoid(inp, out, n);
    }

    @Override
    void derive(double[] inp, double[] out, double[] dout, double[] dinp, int n) {
        for (int i = 0; i < n; i++) {
            dinp[i] = dout[i] * out[i] * (1.0 - out[i]);
        }
    }

    @Override
    public String toString() {
        return "Sigmoid";
    }
}
