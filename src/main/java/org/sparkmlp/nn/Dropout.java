package org.sparkmlp.nn;

import java.util.SplittableRandom;
import org.sparkmlp.math.Checks;
import org.sparkmlp.math.Matrix;

/**
 * Inverted dropout, for training only: each element is kept with probability {@code 1 - rate} and
 * scaled by {@code 1 / (1 - rate)}, or set to 0, so the expected output equals the input and a network
 * without the layer predicts. The mask of the next {@link #forward} is drawn from
 * {@link #mask(long)}'s seed, element by element in row-major order, so a pass is reproducible: the
 * single-precision {@link FloatMLP} draws the same masks from the same seeds.
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

    /** The seed of the next forward pass's mask. */
    public void mask(long seed) {
        this.seed = seed;
    }

    /** The mask seed of hidden layer {@code layer} (0-based) in a pass seeded with {@code passSeed}. */
    public static long layerSeed(long passSeed, int layer) {
        long z = passSeed + 0x9E3779B97F4A7C15L * (layer + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Whether element {@code i} of a mask drawn from {@code seed} is kept: the draws both networks use. */
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
        out = ensure(out, inp.rows(), inp.cols());
        int n = inp.rows() * inp.cols();
        keep = draw(seed, rate, n, keep);
        double scale = 1 / (1 - rate);
        double[] x = inp.data();
        double[] o = out.data();
        for (int i = 0; i < n; i++) {
            o[i] = keep[i] ? x[i] * scale : 0;
        }
        return out;
    }

    @Override
    public Matrix backward(Matrix dout) {
        checkBackward(dout);
        dinp = ensure(dinp, dout.rows(), dout.cols());
        int n = dout.rows() * dout.cols();
        double scale = 1 / (1 - rate);
        double[] d = dout.data();
        double[] g = dinp.data();
        for (int i = 0; i < n; i++) {
            g[i] = keep[i] ? d[i] * scale : 0;
        }
        return dinp;
    }

    @Override
    public String toString() {
        return "Dropout(" + rate + ")";
    }
}
