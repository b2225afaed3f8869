package org.sparkmlp.nn;

import org.sparkmlp.math.Checks;

/**
 * {@code f(x) = x} for {@code x > 0}, else {@code slope * x}: a ReLU whose negative side keeps a small
 * gradient, so that a unit pushed below zero can recover.
 */
public final class LeakyReLU extends Elementwise {
    /** The slope of the negative side unless one is given, as in PyTorch and Keras. */
    public static final double DEFAULT_SLOPE = 0.01;

    private final double slope;
    private final float slopeF;

    public LeakyReLU(double slope) {
        Checks.arg(Double.isFinite(slope) && slope >= 0 && slope < 1, "leaky ReLU slope must be in [0, 1), got %s",
            slope);
        this.slope = slope;
        this.slopeF = (float) slope;
    }

    public double slope() {
        return slope;
    }

    @Override
    protected void apply(double[] inp, double[] out, int n) {
        for (int i = 0; i < n; i++) {
            double x = inp[i];
            out[i] = x > 0 ? x : slope * x;
        }
    }

    @Override
    protected void apply(float[] inp, float[] out, int n) {
        for (int i = 0; i < n; i++) {
            float x = inp[i];
            out[i] = x > 0 ? x : slopeF * x;
        }
    }

    @Override
    protected void derive(double[] inp, double[] out, double[] dout, double[] dinp, int n) {
        for (int i = 0; i < n; i++) {
            dinp[i] = inp[i] > 0 ? dout[i] : slope * dout[i];
        }
    }

    @Override
    protected void derive(float[] inp, float[] out, float[] dout, float[] dinp, int n) {
        for (int i = 0; i < n; i++) {
            dinp[i] = inp[i] > 0 ? dout[i] : slopeF * dout[i];
        }
    }

    @Override
    protected boolean rectifier() {
        return true;
    }

    @Override
    public String toString() {
        return "LeakyReLU(" + slope + ")";
    }

    /** The derivative reads only whether the output is positive, which it is exactly where the input is. */
    @Override
    protected final boolean derivesFromOutput() {
        return true;
    }
}
