package org.sparkmlp.testutil;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleSupplier;
import java.util.function.IntFunction;

/**
 * Central-difference gradient checks in double: {@code (L(x + h) - L(x - h)) / 2h} for every element,
 * compared with the analytic gradient by relative error with an absolute floor.
 */
public final class GradientCheck {
    public static final double H = 1e-5;

    private GradientCheck() {}

    /**
     * Perturbs each element of {@code x}, re-evaluates {@code loss}, and compares with {@code analytic}.
     *
     * @param x        modified during the check, restored afterwards
     * @param analytic the gradient to check, same length as {@code x}
     * @param names    names elements in failure messages
     * @return the largest relative error seen, for reporting
     */
    public static double check(double[] x, double[] analytic, DoubleSupplier loss, IntFunction<String> names) {
        assertTrue(x.length == analytic.length, "gradient length " + analytic.length + " != " + x.length);
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            double old = x[i];
            x[i] = old + H;
            double lp = loss.getAsDouble();
            x[i] = old - H;
            double lm = loss.getAsDouble();
            x[i] = old;
            double num = (lp - lm) / (2 * H);
            double abs = Math.abs(num - analytic[i]);
            double rel = abs / Math.max(Math.abs(num) + Math.abs(analytic[i]), 1e-300);
            int at = i;
            assertTrue(rel <= Tolerances.GRADIENT_REL || abs <= Tolerances.GRADIENT_ABS, () -> String.format(
                "%s: analytic=%.12g numeric=%.12g rel=%.3g abs=%.3g (bounds rel %.0e, abs %.0e)",
                names.apply(at), analytic[at], num, rel, abs, Tolerances.GRADIENT_REL, Tolerances.GRADIENT_ABS));
            if (abs > Tolerances.GRADIENT_ABS) {
                worst = Math.max(worst, rel);
            }
        }
        return worst;
    }
}
