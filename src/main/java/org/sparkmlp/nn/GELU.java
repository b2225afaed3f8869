package org.sparkmlp.nn;

import org.sparkmlp.math.Activations;
import org.sparkmlp.math.Matrix;

/**
 * The Gaussian error linear unit, in its tanh form (PyTorch's {@code approximate='tanh'}, ONNX's
 * {@code Gelu} with {@code approximate="tanh"}): {@code f(x) = x/2 (1 + tanh(u))} with
 * {@code u = sqrt(2/pi) (x + 0.044715 x^3)}.
 *
 * <p>Computed as {@code f(x) = x s} with {@code s = sigmoid(2u) = (1 + tanh(u)) / 2}, which stays accurate
 * where {@code 1 + tanh(u)} would cancel (large negative {@code x}, in single precision above all). The
 * derivative, {@code s + 2 x s (1 - s) sqrt(2/pi) (1 + 3 * 0.044715 x^2)}, needs the input as well as
 * {@code s}, which the forward pass keeps.
 */
public final class GELU extends Layer {
    private static final double C = Math.sqrt(2 / Math.PI);
    private static final double A = 0.044715;
    private static final float CF = (float) C;
    private static final float AF = (float) A;

    /** {@code sigmoid(2u)} of the last forward pass. */
    private Matrix s;

    @Override
    public Matrix forward(Matrix inp) {
        this.inp = inp;
        int n = inp.size();
        out = ensure(out, inp, inp.rows(), inp.cols());
        s = ensure(s, inp, inp.rows(), inp.cols());
        if (inp.isFloat()) {
            float[] x = inp.floats();
            float[] sf = s.floats();
            float[] o = out.floats();
            for (int i = 0; i < n; i++) {
                sf[i] = 2f * CF * (x[i] + AF * x[i] * x[i] * x[i]);
            }
            Activations.sigmoid(sf, sf, n);
            for (int i = 0; i < n; i++) {
                o[i] = x[i] * sf[i];
            }
        } else {
            double[] x = inp.data();
            double[] sd = s.data();
            double[] o = out.data();
            for (int i = 0; i < n; i++) {
                sd[i] = 2 * C * (x[i] + A * x[i] * x[i] * x[i]);
            }
            Activations.sigmoid(sd, sd, n);
            for (int i = 0; i < n; i++) {
                o[i] = x[i] * sd[i];
            }
        }
        return out;
    }

    @Override
    public Matrix backward(Matrix dout) {
        checkBackward(dout);
        int n = dout.size();
        dinp = ensure(dinp, dout, dout.rows(), dout.cols());
        if (dout.isFloat()) {
            float[] x = inp.floats();
            float[] sf = s.floats();
            float[] d = dout.floats();
            float[] g = dinp.floats();
            for (int i = 0; i < n; i++) {
                float xi = x[i];
                float si = sf[i];
                g[i] = d[i] * (si + 2f * xi * si * (1f - si) * CF * (1f + 3f * AF * xi * xi));
            }
        } else {
            double[] x = inp.data();
            double[] sd = s.data();
            double[] d = dout.data();
            double[] g = dinp.data();
            for (int i = 0; i < n; i++) {
                double xi = x[i];
                double si = sd[i];
                g[i] = d[i] * (si + 2 * xi * si * (1 - si) * C * (1 + 3 * A * xi * xi));
            }
        }
        return dinp;
    }

    @Override
    protected boolean rectifier() {
        return true;
    }

    @Override
    public String toString() {
        return "GELU";
    }
}
