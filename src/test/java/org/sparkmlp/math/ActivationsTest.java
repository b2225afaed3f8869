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
    void theSinglePrecisionExponentialIsWithinTwoUlps() {
        for (float x = -87f; x <= 88f; x += 0.001f) {
            float expected = (float) Math.exp(x);
            float actual = Activations.expf(x);
            assertEquals(expected, actual, 2.5f * Math.ulp(expected), "exp(" + x + ")");
        }
        assertEquals(1f, Activations.expf(0f));
        assertTrue(Activations.expf(-1000f) > 0 && Activations.expf(-1000f) < 1e-37f);
        assertTrue(Float.isFinite(Activations.expf(1000f)));
        float[] x = {-1000f, -5f, 0f, 5f, 1000f};
        float[] s = new float[5];
        float[] t = new float[5];
        Activations.sigmoidScalar(x, s, 0, 5);
        Activations.tanhScalar(x, t, 0, 5);
        assertEquals(0f, s[0], 1e-37f);
        assertEquals(0.5f, s[2]);
        assertEquals(1f, s[4]);
        assertEquals(-1f, t[0]);
        assertEquals(0f, t[2]);
        assertEquals(1f, t[4]);
        assertEquals((float) Math.tanh(-5), t[1], 2 * Math.ulp(1f));
        assertEquals((float) (1 / (1 + Math.exp(-5))), s[3], 2 * Math.ulp(1f));
    }

    /**
     * The comparisons below are only worth something when the SIMD code runs: the test JVM must have the
     * Vector API module (the build passes it), with more than one lane, and single precision must dispatch
     * to it.
     */
    private static void simdRuns() {
        assertTrue(Activations.floatVector(), "jdk.incubator.vector is not in the test JVM: " + Activations.implementation());
        assertTrue(VectorActivations.floatLanes() > 1 && VectorActivations.lanes() > 1,
            "SIMD species of " + VectorActivations.floatLanes() + " float lanes");
        assertTrue(Activations.implementation().contains("float: vector"), Activations.implementation());
    }

    @Test
    void theVectorPathMatchesTheScalarReference() {
        simdRuns();
        // Called directly: the default double path is scalar.
        double[] x = inputs();
        double[] vector = new double[x.length];
        double[] scalar = new double[x.length];
        VectorActivations.sigmoid(x, vector, x.length);
        Activations.sigmoidScalar(x, scalar, 0, x.length);
        for (int i = 0; i < x.length; i++) {
            assertEquals(scalar[i], vector[i], 4e-16 * Math.max(scalar[i], 1e-300) + 1e-300, "sigmoid(" + x[i] + ")");
        }
        VectorActivations.tanh(x, vector, x.length);
        Activations.tanhScalar(x, scalar, 0, x.length);
        for (int i = 0; i < x.length; i++) {
            assertEquals(scalar[i], vector[i], 4e-16 * Math.abs(scalar[i]) + 1e-300, "tanh(" + x[i] + ")");
        }
    }

    @Test
    void singlePrecisionLanesGiveTheScalarBits() {
        simdRuns();
        double[] x = inputs();
        float[] xf = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            xf[i] = (float) x[i];
        }
        float[] vector = new float[x.length];
        float[] scalar = new float[x.length];
        VectorActivations.exp(xf, vector, xf.length);
        Activations.expScalar(xf, scalar, 0, xf.length);
        assertTrue(java.util.Arrays.equals(scalar, vector), "exp");
        VectorActivations.sigmoid(xf, vector, xf.length);
        Activations.sigmoidScalar(xf, scalar, 0, xf.length);
        assertTrue(java.util.Arrays.equals(scalar, vector), "sigmoid");
        VectorActivations.tanh(xf, vector, xf.length);
        Activations.tanhScalar(xf, scalar, 0, xf.length);
        assertTrue(java.util.Arrays.equals(scalar, vector), "tanh");
        // and the dispatching entry point, which the layers call, gives the same bits
        float[] dispatched = new float[x.length];
        Activations.tanh(xf, dispatched, xf.length);
        assertTrue(java.util.Arrays.equals(scalar, dispatched), "tanh through Activations");
    }
}
