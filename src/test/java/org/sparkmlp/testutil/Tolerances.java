package org.sparkmlp.testutil;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Named tolerances, in one place, so that a failure message can say which bound it broke. */
public final class Tolerances {
    private Tolerances() {}

    /** Results that should agree to the last bits, up to a few roundings. */
    public static final double EXACT = 1e-12;
    /** Central-difference gradient checks in double: relative error bound. */
    public static final double GRADIENT_REL = 1e-6;
    /** Central-difference gradient checks: absolute floor under which a difference is rounding noise. */
    public static final double GRADIENT_ABS = 1e-9;
    /** Distributed vs single-JVM results in double, where only the summation order differs. */
    public static final double DISTRIBUTED_REL = 1e-10;

    /**
     * Asserts that no value of {@code actual} is further from {@code expected}'s than {@code rel} times the
     * largest magnitude in {@code expected}, which must not be all zeros.
     */
    public static void assertRelativelyClose(double[] expected, double[] actual, double rel, String what) {
        assertEquals(expected.length, actual.length, what + ": lengths");
        double scale = 0;
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(scale > 0, what + " is all zeros, which proves nothing");
        assertTrue(worst <= rel * scale, String.format("%s: max difference %.3g relative to max magnitude %.3g "
            + "exceeds %.0e", what, worst, scale, rel));
    }
}
