package org.sparkmlp.optim;

import java.io.Serializable;
import org.sparkmlp.math.Checks;
import org.sparkmlp.math.ConfigNames;

/**
 * The learning rate at each iteration, from the configured base rate {@code lr}:
 * <ul>
 *   <li>{@code constant}: {@code lr};</li>
 *   <li>{@code step}: {@code lr * gamma^floor(epoch / stepEpochs)};</li>
 *   <li>{@code exponential}: {@code lr * gamma^epoch};</li>
 *   <li>{@code cosine}: from {@code lr} down to {@code minLr} over the run after warm-up,
 *       {@code minLr + (lr - minLr) (1 + cos(pi t / T)) / 2};</li>
 *   <li>{@code plateau}: {@code lr}, multiplied by {@code gamma} (not below {@code minLr}) whenever the
 *       monitored validation metric has not improved for {@code patience} validations; the training
 *       loop does that, since it depends on the metrics.</li>
 * </ul>
 * With {@code warmupIterations > 0}, the first iterations ramp linearly up to the schedule's rate:
 * iteration {@code i} (0-based) gets {@code (i + 1) / warmupIterations} of it.
 */
public record LrSchedule(Kind kind, double gamma, int stepEpochs, double minLr, long warmupIterations, int patience)
    implements Serializable {


    /** The schedule shapes, by configuration name. */
    public enum Kind {
        CONSTANT("constant"), STEP("step"), EXPONENTIAL("exponential"), COSINE("cosine"), PLATEAU("plateau");

        private final String configName;

        Kind(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }

        public static Kind fromName(String name) {
            return ConfigNames.parse(values(), Kind::configName, name, "learning-rate schedule");
        }

        @Override
        public String toString() {
            return configName;
        }
    }

    public LrSchedule {
        Checks.notNull(kind, "kind");
        Checks.arg(gamma > 0 && gamma <= 1, "the schedule's gamma must be in (0, 1], got %s", gamma);
        Checks.arg(stepEpochs >= 1, "the step schedule's epochs per step must be >= 1, got %s", stepEpochs);
        Checks.arg(minLr >= 0 && Double.isFinite(minLr), "the minimum learning rate must be >= 0, got %s", minLr);
        Checks.arg(warmupIterations >= 0, "warm-up iterations must be >= 0, got %s", warmupIterations);
        Checks.arg(patience >= 1, "the plateau patience must be >= 1, got %s", patience);
    }

    /**
     * The rate for 0-based {@code iteration} of a run of {@code total} iterations, {@code perEpoch} per
     * epoch. For {@code plateau} this is {@code lr} with warm-up only; the loop applies the reductions.
     */
    public double rate(double lr, long iteration, long perEpoch, long total) {
        long epoch = iteration / perEpoch;
        double r = switch (kind) {
            case CONSTANT, PLATEAU -> lr;
            case STEP -> lr * Math.pow(gamma, Math.floorDiv(epoch, stepEpochs));
            case EXPONENTIAL -> lr * Math.pow(gamma, epoch);
            case COSINE -> {
                long span = Math.max(1, total - warmupIterations);
                long t = Math.max(0, iteration - warmupIterations);
                yield minLr + (lr - minLr) * (1 + Math.cos(Math.PI * t / span)) / 2;
            }
        };
        if (iteration < warmupIterations) {
            r *= (iteration + 1.0) / warmupIterations;
        }
        return r;
    }
}
