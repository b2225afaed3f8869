package org.sparkmlp.nn;

import org.sparkmlp.math.Checks;
import org.sparkmlp.math.Matrix;

/**
 * Layer normalisation over each row's {@code d} features, with a learned gain and bias per feature:
 * {@code xhat = (x - mean) / sqrt(var + eps)} and {@code out = gain * xhat + bias}, the mean and the
 * (population) variance taken over the row. The backward pass goes through the row's statistics:
 * with {@code g = dout * gain},
 * {@code dinp = (g - mean(g) - xhat * mean(g * xhat)) / sqrt(var + eps)}; {@code dgain += dout * xhat}
 * and {@code dbias += dout}, summed over rows. One loop serves both precisions, reading and writing
 * through {@link Matrix#at}, and row statistics are accumulated in double in either. In the flat vector the gain comes first, then the bias; the gain starts at 1.
 */
public final class LayerNorm extends Layer {
    /** The variance floor unless one is given, as in PyTorch. */
    public static final double DEFAULT_EPS = 1e-5;

    private final int width;
    private final double eps;
    /** {@code xhat} of the last forward pass. */
    private Matrix xhat;
    /** {@code 1 / sqrt(var + eps)} per row of the last forward pass. */
    private double[] rstd = new double[0];

    public LayerNorm(int width, double eps) {
        Checks.arg(width > 0, "LayerNorm needs a width > 0, got %s", width);
        Checks.arg(eps > 0 && Double.isFinite(eps), "LayerNorm eps must be > 0, got %s", eps);
        this.width = width;
        this.eps = eps;
    }

    public double eps() {
        return eps;
    }

    @Override
    public int outputWidth(int inputWidth) {
        Checks.arg(inputWidth == width, "%s gets an input of width %s", this, inputWidth);
        return width;
    }

    private int biasOff() {
        return offset + width;
    }

    @Override
    public Matrix forward(Matrix inp) {
        Checks.arg(inp.cols() == width, "%s got input of shape (%s x %s), expected %s columns", this, inp.rows(),
            inp.cols(), width);
        checkPrecision(inp);
        this.inp = inp;
        int n = inp.rows();
        out = ensure(out, inp, n, width);
        xhat = ensure(xhat, inp, n, width);
        if (rstd.length < n) {
            rstd = new double[n];
        }
        Matrix p = params().valueStorage();
        for (int r = 0; r < n; r++) {
            int row = r * width;
            double sum = 0;
            for (int j = 0; j < width; j++) {
                sum += inp.at(row + j);
            }
            double mean = sum / width;
            double sq = 0;
            for (int j = 0; j < width; j++) {
                double c = inp.at(row + j) - mean;
                sq += c * c;
            }
            double s = 1 / Math.sqrt(sq / width + eps);
            rstd[r] = s;
            for (int j = 0; j < width; j++) {
                xhat.setAt(row + j, (inp.at(row + j) - mean) * s);
                out.setAt(row + j, p.at(offset + j) * xhat.at(row + j) + p.at(offset + width + j));
            }
        }
        return out;
    }

    @Override
    public Matrix backward(Matrix dout) {
        checkBackward(dout);
        int n = dout.rows();
        dinp = ensure(dinp, dout, n, width);
        Matrix p = params().valueStorage();
        Matrix g = params().gradStorage();
        for (int r = 0; r < n; r++) {
            int row = r * width;
            double sumG = 0;
            double sumGx = 0;
            for (int j = 0; j < width; j++) {
                double dj = dout.at(row + j);
                double hj = xhat.at(row + j);
                g.setAt(offset + j, g.at(offset + j) + dj * hj);
                g.setAt(offset + width + j, g.at(offset + width + j) + dj);
                double gj = dj * p.at(offset + j);
                sumG += gj;
                sumGx += gj * hj;
            }
            double meanG = sumG / width;
            double meanGx = sumGx / width;
            double s = rstd[r];
            for (int j = 0; j < width; j++) {
                double gj = dout.at(row + j) * p.at(offset + j);
                dinp.setAt(row + j, s * (gj - meanG - xhat.at(row + j) * meanGx));
            }
        }
        return dinp;
    }

    @Override
    public int numParams() {
        return 2 * width;
    }

    @Override
    protected void describe(FlatParams.Layout layout, String name) {
        layout.add(name + ".gain", 1, width, false);
        layout.add(name + ".bias", 1, width, false);
    }

    @Override
    protected void reset() {
        Matrix v = params().valueStorage();
        for (int j = 0; j < width; j++) {
            v.setAt(offset + j, 1);
            v.setAt(biasOff() + j, 0);
        }
    }

    @Override
    public String toString() {
        return "LayerNorm(" + width + ", eps " + eps + ")";
    }
}
