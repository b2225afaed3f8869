package org.sparkmlp.data;

import java.io.Serializable;
import org.sparkmlp.math.Checks;
import org.sparkmlp.nn.loss.LossKind;

/**
 * What a usable row looks like: every value a finite number within single precision (the cached blocks
 * are float32), and labels the model's loss can score (for a classifier, one of the output layer's class
 * indices).
 *
 * @param labels    which finite label values are usable
 * @param onInvalid what to do with a row that breaks a rule
 */
public record RowRules(Labels labels, OnInvalidRows onInvalid) implements Serializable {

    /** Which finite label values a model can learn from. */
    @FunctionalInterface
    public interface Labels extends Serializable {
        /** Why {@code v} is unusable, completing "label v ...", or null when it is usable. */
        String problem(double v);
    }

    /** Every finite label value, as a regression takes them. */
    public static final Labels ANY_LABEL = v -> null;

    public RowRules {
        Checks.notNull(labels, "labels");
        Checks.notNull(onInvalid, "onInvalid");
    }

    /** Any finite label, and {@code onInvalid}. */
    public static RowRules anyLabel(OnInvalidRows onInvalid) {
        return new RowRules(ANY_LABEL, onInvalid);
    }

    /** A classifier's rules: labels that are class indices {@code 0..numClasses-1}, and {@code onInvalid}. */
    public static RowRules classes(int numClasses, OnInvalidRows onInvalid) {
        return new RowRules(labelsOf(LossKind.CROSS_ENTROPY, numClasses), onInvalid);
    }

    /** The labels {@code loss} can score in a network with {@code outputs} outputs: its {@link LossKind#labelProblem}. */
    public static Labels labelsOf(LossKind loss, int outputs) {
        return v -> loss.labelProblem(v, outputs);
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
        String problem = labels.problem(v);
        if (problem != null) {
            throw new InvalidRowException(RowProblem.BAD_LABEL, "column '" + column + "': label " + format(v) + " "
                + problem);
        }
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
