package org.sparkmlp.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Update rules against steps computed by hand. */
class OptimizerTest {
    @Test
    void sgdWithoutMomentumIsPlainGradientDescent() {
        double[] w = {1.0, -2.0};
        new SGD(0.1, 0, false).step(w, new double[] {0.5, -1.0});
        assertEquals(0.95, w[0], 1e-15);
        assertEquals(-1.9, w[1], 1e-15);
    }

    @Test
    void sgdMomentumAccumulatesVelocity() {
        double[] w = {1.0};
        SGD sgd = new SGD(0.1, 0.9, false);
        sgd.step(w, new double[] {1.0}); // v = 1, w = 0.9
        sgd.step(w, new double[] {1.0}); // v = 1.9, w = 0.71
        assertEquals(0.71, w[0], 1e-15);
    }

    @Test
    void nesterovLooksAhead() {
        double[] w = {1.0};
        SGD sgd = new SGD(0.1, 0.9, true);
        sgd.step(w, new double[] {1.0}); // v = 1, w -= 0.1 * (1 + 0.9) -> 0.81
        assertEquals(0.81, w[0], 1e-15);
        sgd.step(w, new double[] {1.0}); // v = 1.9, w -= 0.1 * (1 + 1.71) -> 0.539
        assertEquals(0.539, w[0], 1e-15);
    }

    @Test
    void adamMatchesTheHandComputedFirstTwoSteps() {
        double[] w = {0.5};
        Adam adam = new Adam(0.01, 0.9, 0.999, 1e-8);
        adam.step(w, new double[] {2.0});
        // t=1: m = 0.2, v = 0.004, mhat = 2, vhat = 4, step = 0.01 * 2 / (2 + 1e-8)
        assertEquals(0.5 - 0.01 * 2 / (2 + 1e-8), w[0], 1e-15);
        double w1 = w[0];
        adam.step(w, new double[] {-1.0});
        // t=2: m = 0.9*0.2 - 0.1 = 0.08, v = 0.999*0.004 + 0.001 = 0.004996
        double mhat = 0.08 / (1 - 0.81);
        double vhat = 0.004996 / (1 - 0.999 * 0.999);
        assertEquals(w1 - 0.01 * mhat / (Math.sqrt(vhat) + 1e-8), w[0], 1e-15);
    }

    @Test
    void badHyperParametersAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SGD(0, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new SGD(0.1, 1.0, false));
        assertThrows(IllegalArgumentException.class, () -> new Adam(-1, 0.9, 0.999, 1e-8));
        assertThrows(IllegalArgumentException.class, () -> OptimizerKind.fromName("rmsprop"));
    }
}
