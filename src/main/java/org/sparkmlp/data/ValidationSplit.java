package org.sparkmlp.data;

import java.io.Serializable;
import org.sparkmlp.math.Checks;

/**
 * Which rows are held out for validation: each row independently with probability {@code fraction},
 * decided by a hash of the seed and the row's place in the input (input partition and line or row), so
 * the same input and seed always hold out the same rows, on any cluster. {@code NONE} holds out nothing
 * and {@code ALL} everything (a separate validation dataset).
 */
public record ValidationSplit(double fraction, long seed) implements Serializable {
    public static final ValidationSplit NONE = new ValidationSplit(0, 0);
    public static final ValidationSplit ALL = new ValidationSplit(1, 0);

    public ValidationSplit {
        Checks.arg(fraction >= 0 && fraction <= 1, "the validation fraction must be in [0, 1), got %s", fraction);
    }

    /** Whether the row at ({@code part}, {@code index}) is held out. */
    public boolean holdsOut(long part, long index) {
        if (fraction == 0) {
            return false;
        }
        if (fraction == 1) {
            return true;
        }
        long h = mix(mix(seed ^ 0x5DEECE66DL) ^ mix(part + 0x9E3779B97F4A7C15L) ^ (index * 0xC2B2AE3D27D4EB4FL));
        return (h >>> 11) * 0x1.0p-53 < fraction;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
