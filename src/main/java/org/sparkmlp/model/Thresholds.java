package org.sparkmlp.model;

import java.util.Arrays;
import org.sparkmlp.math.Checks;

/**
 * Spark's rule for a classifier's {@code thresholds}: the predicted class is the arg max of each class's
 * probability divided by its threshold. Every threshold is at least 0 and at most one is 0; that class
 * is predicted whenever its probability is above 0 (its quotient is infinite), and never when it is 0
 * (the quotient is NaN, which compares as nothing).
 */
public final class Thresholds {
    private Thresholds() {}

    /** A copy of {@code thresholds}, refused unless they follow the rule. */
    public static double[] checked(double[] thresholds) {
        double[] t = thresholds.clone();
        int zeros = 0;
        for (double v : t) {
            Checks.arg(v >= 0, "thresholds must be >= 0, got %s", Arrays.toString(t));
            zeros += v == 0 ? 1 : 0;
        }
        Checks.arg(zeros <= 1, "at most one threshold may be 0, got %s", Arrays.toString(t));
        return t;
    }

    /**
     * The predicted class of row {@code r} of {@code probabilities} ({@code k} per row): the arg max of
     * the probabilities divided by {@code thresholds}, or of the probabilities when those are null; the
     * first of equal ones.
     */
    public static int argMax(double[] probabilities, int r, int k, double[] thresholds) {
        int best = 0;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            double p = probabilities[r * k + c];
            double v = thresholds == null ? p : p / thresholds[c];
            if (v > bestValue) {
                bestValue = v;
                best = c;
            }
        }
        return best;
    }
}
