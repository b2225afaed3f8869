package org.sparkmlp.nn;

import java.util.List;
import org.sparkmlp.math.Checks;
import org.sparkmlp.math.Kernels;
import org.sparkmlp.math.Matrix;

/**
 * A residual block, {@code out = x + f(x)}, where {@code f} is the layers it holds, which must end at the
 * width they start from (He et al. 2016). Written {@code residual(linear:128,relu,linear:128)}. The backward
 * pass sends {@code dout} both ways: {@code dinp = dout + df/dx^T dout}.
 */
public final class Residual extends Block {
    private final int width;
    private boolean computeInputGrad = true;

    /** The block {@code x + f(x)} for inputs of {@code width}, {@code f} being {@code layers} in order. */
    public Residual(int width, List<Layer> layers) {
        super(layers);
        int end = chainWidth(width);
        Checks.arg(end == width, "a residual block adds its layers' output to its input, so they must end at its "
            + "input width %s, got %s", width, end);
        this.width = width;
    }

    @Override
    public int outputWidth(int inputWidth) {
        Checks.arg(inputWidth == width, "%s gets an input of width %s", this, inputWidth);
        return width;
    }

    @Override
    protected void skipInputGrad() {
        computeInputGrad = false;
        layers().get(0).skipInputGrad();
    }

    @Override
    public Matrix forward(Matrix inp) {
        Checks.arg(inp.cols() == width, "%s got input of shape (%s x %s), expected %s columns", this, inp.rows(),
            inp.cols(), width);
        this.inp = inp;
        Matrix branch = inp;
        for (Layer l : layers()) {
            branch = l.forward(branch);
        }
        out = sum(out, inp, branch);
        return out;
    }

    @Override
    public Matrix backward(Matrix dout) {
        checkBackward(dout);
        Matrix grad = dout;
        for (int i = layers().size() - 1; i >= 0 && grad != null; i--) {
            grad = layers().get(i).backward(grad);
        }
        if (!computeInputGrad) {
            return null;
        }
        dinp = sum(dinp, dout, grad);
        return dinp;
    }

    /** {@code a + b} into {@code buffer}, grown to their shape when it must be. */
    private static Matrix sum(Matrix buffer, Matrix a, Matrix b) {
        Matrix into = ensure(buffer, a, a.rows(), a.cols());
        int n = a.rows() * a.cols();
        Kernels.copy(a, into, n);
        Kernels.axpy(n, 1.0, b, 0, into, 0);
        return into;
    }

    @Override
    public String toString() {
        return "Residual(" + width + ", " + layers() + ")";
    }
}
