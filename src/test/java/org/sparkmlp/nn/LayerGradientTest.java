package org.sparkmlp.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.sparkmlp.math.Matrix;
import org.sparkmlp.testutil.Data;
import org.sparkmlp.testutil.GradientCheck;

/**
 * Every layer's backward pass against central differences. The scalar checked is
 * {@code L = sum(out * R)} for a fixed random {@code R}, so that {@code dL/dout = R}.
 */
class LayerGradientTest {
    private final SplittableRandom rng = new SplittableRandom(345);

    private static double weightedSum(Matrix out, Matrix r) {
        double s = 0;
        for (int i = 0; i < out.rows() * out.cols(); i++) {
            s += out.data()[i] * r.data()[i];
        }
        return s;
    }

    /** Checks dinp of a layer for input {@code x}. */
    private void checkInputGradient(Layer layer, Matrix x) {
        Matrix r = Data.uniform(x.rows(), layer.forward(x).cols(), 1.0, rng);
        layer.forward(x);
        double[] dinp = layer.backward(r).data().clone();
        double[] analytic = java.util.Arrays.copyOf(dinp, x.rows() * x.cols());
        double[] xd = x.data();
        GradientCheck.check(xd, analytic, () -> weightedSum(layer.forward(x), r), i -> layer + " dinp[" + i + "]");
    }

    @Test
    void linearBackwardMatchesFiniteDifferences() {
        Linear linear = new Linear(3, 4);
        MLP owner = new MLP(List.of(linear), new org.sparkmlp.nn.loss.MSE());
        owner.initialize(7);
        // Give the biases non-zero values too, so that db is checked against a non-trivial function.
        for (int i = 12; i < 16; i++) {
            owner.params().values()[i] = 0.1 * (i - 13);
        }
        Matrix x = Data.uniform(5, 3, 1.0, rng);
        Matrix r = Data.uniform(5, 4, 1.0, rng);
        owner.zeroGrad();
        linear.forward(x);
        linear.backward(r);
        FlatParams p = owner.params();
        GradientCheck.check(p.values(), p.grads().clone(), () -> weightedSum(linear.forward(x), r), p::nameOf);

        Linear standalone = new Linear(3, 4);
        standalone.setParams(linear.w(), linear.b().data());
        checkInputGradient(standalone, Data.uniform(5, 3, 1.0, rng));
    }

    @Test
    void reluBackwardMatchesFiniteDifferences() {
        checkInputGradient(new ReLU(), Data.uniform(4, 6, 2.0, rng));
    }

    @Test
    void sigmoidBackwardMatchesFiniteDifferences() {
        checkInputGradient(new Sigmoid(), Data.uniform(4, 6, 4.0, rng));
    }

    @Test
    void tanhBackwardMatchesFiniteDifferences() {
        checkInputGradient(new Tanh(), Data.uniform(4, 6, 3.0, rng));
    }

    @Test
    void softmaxBackwardMatchesFiniteDifferences() {
        checkInputGradient(new Softmax(), Data.uniform(4, 5, 3.0, rng));
    }

    @Test
    void softmaxBackwardEqualsTheExplicitJacobianProduct() {
        Softmax softmax = new Softmax();
        Matrix z = Data.uniform(3, 4, 2.0, rng);
        Matrix g = Data.uniform(3, 4, 1.0, rng);
        Matrix p = softmax.forward(z).copy();
        Matrix d = softmax.backward(g);
        for (int r = 0; r < 3; r++) {
            for (int i = 0; i < 4; i++) {
                double expected = 0;
                for (int j = 0; j < 4; j++) {
                    double jacobian = (i == j ? p.get(r, i) : 0) - p.get(r, i) * p.get(r, j);
                    expected += jacobian * g.get(r, j);
                }
                assertEquals(expected, d.get(r, i), 1e-15, "row " + r + " element " + i);
            }
        }
    }

    @Test
    void softmaxIsUniformForEqualLogitsAndShiftInvariant() {
        Softmax softmax = new Softmax();
        Matrix p = softmax.forward(Matrix.of(new double[][] {{3, 3, 3, 3}})).copy();
        for (int j = 0; j < 4; j++) {
            assertEquals(0.25, p.get(0, j), 1e-15);
        }
        Matrix a = softmax.forward(Matrix.of(new double[][] {{1, 2, 3}})).copy();
        Matrix b = softmax.forward(Matrix.of(new double[][] {{1001, 1002, 1003}})).copy();
        for (int j = 0; j < 3; j++) {
            assertEquals(a.get(0, j), b.get(0, j), 1e-15);
        }
    }

    @Test
    void sigmoidStaysFiniteForHugeInputs() {
        Matrix out = new Sigmoid().forward(Matrix.of(new double[][] {{-1000, 0, 1000}}));
        assertEquals(0.0, out.get(0, 0));
        assertEquals(0.5, out.get(0, 1));
        assertEquals(1.0, out.get(0, 2));
    }

    @Test
    void backwardBeforeForwardIsAnError() {
        for (Supplier<Layer> make : List.<Supplier<Layer>>of(() -> new Linear(2, 2), ReLU::new, Softmax::new)) {
            Layer layer = make.get();
            IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> layer.backward(new Matrix(1, 2)));
            assertTrue(e.getMessage().contains("before forward"), e.getMessage());
        }
    }

    @Test
    void linearRejectsAnInputOfTheWrongWidthNamingBothShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new Linear(784, 10).forward(new Matrix(2, 783)));
        assertTrue(e.getMessage().contains("784") && e.getMessage().contains("783"), e.getMessage());
    }
}
