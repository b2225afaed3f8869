package org.sparkmlp.train;

import java.io.Serializable;
import java.util.List;
import java.util.Set;
import org.sparkmlp.math.Checks;

/**
 * Stops training when the monitored validation metric has not improved by more than {@code minDelta}
 * for {@code patience} validations in a row, and then, with {@code restoreBest}, goes back to the weights
 * that scored best. {@code patience} 0 turns it off.
 *
 * @param monitor a validation metric: {@code loss}, {@code accuracy}, {@code macroF1} (classification),
 *                {@code rmse}, {@code mae}, {@code r2} (regression); accuracy, macroF1 and r2 are
 *                maximised, the others minimised
 */
public record EarlyStopping(String monitor, int patience, double minDelta, boolean restoreBest)
    implements Serializable {
    private static final Set<String> MAXIMISED = Set.of("accuracy", "macroF1", "r2");
    /** The metrics it can watch. */
    public static final List<String> METRICS = List.of("loss", "accuracy", "macroF1", "rmse", "mae", "r2");

    public EarlyStopping {
        Checks.arg(monitor != null && METRICS.contains(monitor), "unknown monitored metric '%s'; expected one of %s",
            monitor, METRICS);
        Checks.arg(patience >= 0, "early-stopping patience must be >= 0, got %s", patience);
        Checks.arg(minDelta >= 0, "early-stopping minimum improvement must be >= 0, got %s", minDelta);
    }

    public boolean enabled() {
        return patience > 0;
    }

    /** Whether larger values of the monitored metric are better. */
    public boolean maximise() {
        return MAXIMISED.contains(monitor);
    }

    /** Whether {@code value} improves on {@code best} by more than {@code minDelta}. */
    public boolean improves(double value, double best) {
        if (Double.isNaN(best)) {
            return !Double.isNaN(value);
        }
        return maximise() ? value > best + minDelta : value < best - minDelta;
    }
}
