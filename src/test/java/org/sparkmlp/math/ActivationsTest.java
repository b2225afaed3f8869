package org.sparkmlp.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The dispatched activation kernels against the scalar reference, extremes included. */
class ActivationsTest {
    private static double[] inputs() {
        SplittableRandom rng = new SplittableRandom(345);
        double[] x = new double[1003]; // not a multiple of any lane count: the scalar tail runs too
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextGaussian() * 8;
        }
        x[0] = -1000;
        x[1] = 1000;
        x[2] = 0;
        x[3] = -745;
        x[4] = 710;
        return x;
    }

    @Test
    void sigmoidMatchesTheScalarReference() {
        double[] x = inputs();
        double[] fast = new double[x.length];
        double[] ref = new double[x.length];
        Activations.sigmoid(x, fast, x.length);
        Activations.sigmoidScalar(x, ref, 0, x.length);
        for (int i = 0; i < x.length; i++) {
            assertTrue(Double.isFinite(fast[i]) && fast[i] >= 0 && fast[i] <= 1, "sigmoid(" + x[i] + ") = " + fast[i]);
            assertEquals(ref[i], fast[i], 4e-16 * Math.max(ref[i], 1e-300) + 1e-300, "sigmoid(" + x[i] + ") with "
                + Activations.implementation());
        }
        assertEquals(0.5, fast[2]);
        assertEquals(1.0, fast[1]);
        assertEquals(0.0, fast[0], 1e-300);
    }

    @Test
    void tanhMatchesTheScalarReference() {
        double[] x = inputs();
        double[] fast = new double[x.length];
        double[] ref = new double[x.length];
        Activations.tanh(x, fast, x.length);
        Activations.tanhScalar(x, ref, 0, x.length);
        for (int i = 0; i < x.length; i++) {
            assertEquals(ref[i], fast[i], 4e-16 * Math.abs(ref[i]) + 1e-300, "tanh(" + x[i] + ") with "
                + Activations.implementation());
        }
    }

    @Test
    void theVectorPathRunsInTests() {
        // Surefire runs with --add-modules=jdk.incubator.vector, so the tests above compared both paths.
        assertTrue(Activations.implementation().startsWith("vector"), Activations.implementation());
    }
}
