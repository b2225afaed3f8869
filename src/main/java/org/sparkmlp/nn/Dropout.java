package org.sparkmlp.nn;

import java.util.SplittableRandom;
import org.sparkmlp.math.Checks;
import org.sparkmlp.math.Matrix;

/**
 * Inverted dropout: in a training pass each element is kept with probability {@code 1 - rate} and scaled
 * by {@code 1 / (1 - rate)}, or set to 0, so the expected output equals the input; at inference it passes
 * its input through. The mask of a training pass is drawn from the seed {@link #seed} set, element by
 * element in row-major order, so a pass is reproducible and the same in either precision.
 */
public final class Dropout extends Layer {
    private final double rate;
    private long seed;
    private boolean[] keep = new boolean[0];

    public Dropout(double rate) {
        Checks.arg(rate >= 0 && rate < 1, "dropout rate must be in [0, 1), got %s", rate);
        this.rate = rate;
    }

    public double rate() {
        return rate;
    }

    @Override
    protected void seed(long seed) {
        this.seed = seed;
    }

    /** The mask of {@code n} elements drawn from {@code seed}: whether each is kept. */
    static boolean[] draw(long seed, double rate, int n, boolean[] into) {
        boolean[] keep = into.length >= n ? into : new boolean[n];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            keep[i] = rng.nextDouble() >= rate;
        }
        return keep;
    }

    @Override
    public Matrix forward(Matrix inp) {
        this.inp = inp;
        if (!training || rate == 0) {
            out = inp;
            return out;
        }
        out = ensure(out == inp ? null : out, inp, inp.rows(), inp.cols());
        int n = inp.size();
        keep = draw(seed, rate, n, keep);
        if (inp.isFloat()) {
            mask(inp.floats(), out.floats(), n);
        } else {
            mask(inp.data(), out.data(), n);
        }
        return out;
    }

    @Override
    public Matrix backward(Matrix dout) {
        checkBackward(dout);
        if (out == inp) {
            return dout;
        }
        dinp = ensure(dinp, dout, dout.rows(), dout.cols());
        if (dout.isFloat()) {
            mask(dout.floats(), dinp.floats(), dout.size());
        } else {
            mask(dout.data(), dinp.data(), dout.size());
        }
        return dinp;
    }

    /** {@code y = x / (1 - rate)} where the mask keeps an element, else 0. */
    private void mask(double[] x, double[] y, int n) {
        double scale = 1 / (1 - rate);
        for (int i = 0; i < n; i++) {
            y[i] = keep[i] ? x[i] * scale : 0;
        }
    }

    private void mask(float[] x, float[] y, int n) {
        float scale = (float) (1 / (1 - rate));
        for (int i = 0; i < n; i++) {
            y[i] = keep[i] ? x[i] * scale : 0f;
        }
    }

    @Override
    public String toString() {
        return "Dropout(" + rate + ")";
    }
}
