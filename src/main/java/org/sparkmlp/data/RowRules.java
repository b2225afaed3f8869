package org.sparkmlp.data;

import java.io.Serializable;
import org.sparkmlp.math.Checks;

/**
 * What a usable row looks like: every value a finite number within single precision (the cached blocks
 * are float32), and, for a classifier, a label that is one of the output layer's class indices.
 *
 * @param numClasses the classifier's class count, or 0 for regression
 * @param onInvalid  what to do with a row that breaks a rule
 */
public record RowRules(int numClasses, OnInvalidRows onInvalid) implements Serializable {

    public RowRules {
        Checks.arg(numClasses >= 0, "numClasses must be >= 0, got %s", numClasses);
        Checks.notNull(onInvalid, "onInvalid");
    }

    /** Checks a value for training, where it is stored in single precision; {@code column} names it. */
    public static void checkValue(double v, String column) {
        checkFinite(v, column);
        if (Math.abs(v) > Float.MAX_VALUE) {
            throw new InvalidRowException(RowProblem.NOT_FINITE, "column '" + column + "': " + v
                + " is beyond single precision; expected a finite number within ±" + Float.MAX_VALUE);
        }
    }

    /** Refuses NaN and infinite values; {@code column} names the value in the error. */
    public static void checkFinite(double v, String column) {
        if (!Double.isFinite(v)) {
            throw new InvalidRowException(RowProblem.NOT_FINITE,
                "column '" + column + "': " + v + "; expected a finite number");
        }
    }

    /** Checks a sample weight (already known to be finite): it must not be negative. */
    public static void checkWeight(double w, String column) {
        if (w < 0) {
            throw new InvalidRowException(RowProblem.BAD_WEIGHT, "column '" + column + "': weight " + w
                + " is negative; expected a finite number >= 0");
        }
    }

    /** Checks a label value (already known to be finite). */
    public void checkLabel(double v, String column) {
        if (numClasses == 0) {
            return;
        }
        if (v != Math.rint(v) || v < 0 || v >= numClasses) {
            String what = v != Math.rint(v) ? "is not an integer" : v < 0 ? "is negative" : "is out of range";
            throw new InvalidRowException(RowProblem.BAD_LABEL, "column '" + column + "': label " + format(v) + " "
                + what + "; expected a class index 0.." + (numClasses - 1) + " (the output layer has " + numClasses
                + " classes)");
        }
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
