package org.sparkmlp.nn;

import org.sparkmlp.math.Activations;

/**
 * The S-shaped activations, whose derivative is a function of their own output: {@link Sigmoid} and
 * {@link Tanh}. The backward pass reads the saved output, not the input.
 */
abstract class Squash extends Elementwise {
    private final boolean tanh;

    Squash(boolean tanh) {
        this.tanh = tanh;
    }

    @Override
    protected final void apply(double[] inp, double[] out, int n) {
        if (tanh) {
            Activations.tanh(inp, out, n);
        } else {
            Activations.sigmoid(inp, out, n);
        }
    }

    @Override
    protected final void apply(float[] inp, float[] out, int n) {
        if (tanh) {
            Activations.tanh(inp, out, n);
        } else {
            Activations.sigmoid(inp, out, n);
        }
    }

    @Override
    protected final void derive(double[] inp, double[] out, double[] dout, double[] dinp, int n) {
        Activations.squashSlope(tanh, out, dout, dinp, n);
    }

    @Override
    protected final void derive(float[] inp, float[] out, float[] dout, float[] dinp, int n) {
        Activations.squashSlope(tanh, out, dout, dinp, n);
    }

    @Override
    protected final boolean derivesFromOutput() {
        return true;
    }
}
