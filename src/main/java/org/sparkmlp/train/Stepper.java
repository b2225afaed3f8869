package org.sparkmlp.train;

import org.sparkmlp.math.Checks;
import org.sparkmlp.math.Chunks;
import org.sparkmlp.nn.ModelSpec;
import org.sparkmlp.optim.Adam;
import org.sparkmlp.optim.Optimizer;
import org.sparkmlp.optim.OptimizerKind;
import org.sparkmlp.optim.SGD;

/**
 * One optimizer step from a gradient sum: divide by the examples' total weight, refuse what is not
 * finite, add the L2 penalty, clip, step, refuse weights that stopped being finite. The driver steps
 * through it every iteration; a task steps through it in a local round ({@link LocalRounds}), so both
 * take the same step from the same sum.
 */
final class Stepper {
    private final TrainConfig cfg;
    private final TrainingSetup setup;
    private final Optimizer optimizer;
    /** The weight matrices' ranges in the flat vector, which the L2 penalty applies to. */
    private final int[][] decayed;

    Stepper(TrainConfig cfg, TrainingSetup setup, Optimizer optimizer) {
        this.cfg = cfg;
        this.setup = setup;
        this.optimizer = optimizer;
        this.decayed = setup.spec().weightRanges();
    }

    Optimizer optimizer() {
        return optimizer;
    }

    /** A fresh optimizer with {@code cfg}'s hyper-parameters, for a network of {@code spec}. */
    static Optimizer newOptimizer(TrainConfig cfg, ModelSpec spec) {
        return switch (cfg.optimizer()) {
            case SGD -> new SGD(cfg.learningRate(), cfg.momentum(), cfg.nesterov());
            case ADAM -> new Adam(cfg.learningRate(), cfg.beta1(), cfg.beta2(), cfg.epsilon());
            case ADAMW -> new Adam(cfg.learningRate(), cfg.beta1(), cfg.beta2(), cfg.epsilon(), cfg.weightDecay(),
                spec.weightRanges());
        };
    }

    /** An iteration's gradient sum averaged over its examples' total weight, with its loss and norm. */
    record Averaged(double loss, double[] grad, double norm, long epoch) {
    }

    /** Divides the sums by the total weight; refuses an iteration without rows and one that diverged. */
    Averaged average(GradientSum sum, long it) {
        Checks.state(sum != null && sum.count() > 0,
            "iteration %s saw no rows; the data has %s rows", it + 1, setup.numRows());
        Checks.state(sum.weightSum() > 0, "iteration %s saw %s rows but their weights add up to %s", it + 1,
            sum.count(), sum.weightSum());
        double loss = sum.lossSum() / sum.weightSum();
        double[] grad = sum.grad();
        double inv = 1.0 / sum.weightSum();
        double norm = Math.sqrt(Chunks.sum(grad.length, (from, to) -> {
            double sq = 0;
            for (int i = from; i < to; i++) {
                grad[i] *= inv;
                sq += grad[i] * grad[i];
            }
            return sq;
        }));
        long epoch = setup.plan().epochOf(it);
        if (!Double.isFinite(loss)) {
            throw diverged(it, epoch, "the loss became " + loss);
        }
        if (!Double.isFinite(norm)) {
            throw diverged(it, epoch, "the gradient became " + norm + " (loss " + loss + ")");
        }
        return new Averaged(loss, grad, norm, epoch);
    }

    /** Adds the L2 penalty, clips, lets the optimizer step, and refuses weights that stopped being finite. */
    void step(double[] params, Averaged avg, long it) {
        double[] grad = avg.grad();
        if (cfg.weightDecay() > 0 && cfg.optimizer() != OptimizerKind.ADAMW) {
            double decay = cfg.weightDecay();
            for (int[] r : decayed) {
                Chunks.forEach(r[0], r[1], (from, to) -> {
                    for (int i = from; i < to; i++) {
                        grad[i] += decay * params[i];
                    }
                });
            }
        }
        if (cfg.clipNorm() > 0 && avg.norm() > cfg.clipNorm()) {
            double scale = cfg.clipNorm() / avg.norm();
            Chunks.forEach(grad.length, (from, to) -> {
                for (int i = from; i < to; i++) {
                    grad[i] *= scale;
                }
            });
        }
        optimizer.step(params, grad);
        checkFinite(params, it, avg.epoch(), " after the step (loss " + avg.loss() + ", gradient norm " + avg.norm()
            + ")");
    }

    /** Refuses {@code params} when one of them is not finite, saying {@code when} it happened. */
    void checkFinite(double[] params, long it, long epoch, String when) {
        if (!Chunks.allFinite(params)) {
            double bad = java.util.Arrays.stream(params).filter(v -> !Double.isFinite(v)).findFirst().orElseThrow();
            throw diverged(it, epoch, "a weight became " + bad + when);
        }
    }

    TrainingDivergedException diverged(long it, long epoch, String what) {
        String clip = cfg.clipNorm() > 0 ? "a smaller gradient-norm clip (now `clip-norm` " + cfg.clipNorm() + ")"
            : "gradient-norm clipping (`clip-norm` 1.0)";
        return new TrainingDivergedException(it + 1, epoch + 1, what, "Try a smaller learning rate (now "
            + optimizer.learningRate() + ") or " + clip + ".");
    }
}
