package org.sparkmlp.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sparkmlp.model.Metrics;
import org.sparkmlp.math.Checks;
import org.sparkmlp.nn.MLP;
import org.sparkmlp.optim.Optimizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver's side of training, the same for every backend: ask for the iteration's gradient sum,
 * divide by the example count, let the optimizer step, log, repeat.
 */
public final class TrainingLoop {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingLoop.class);

    /** Computes the summed gradient of an iteration for the given parameters. */
    @FunctionalInterface
    public interface GradientSource {
        /**
         * @param params    not to be modified
         * @param iteration 0-based iteration index
         */
        GradientSum compute(double[] params, long iteration, long totalIterations);
    }

    /** Called on the driver after each iteration's step. */
    @FunctionalInterface
    public interface IterationListener {
        /**
         * @param params not to be modified: the parameters after the step
         * @return whether training goes on; false stops it after this iteration
         */
        boolean afterIteration(TrainingSetup setup, IterationRecord record, double[] params);

        IterationListener NONE = (setup, record, params) -> true;
    }

    /** Receives the checkpoints a run writes. */
    @FunctionalInterface
    public interface CheckpointStore {
        void save(Checkpoint checkpoint);
    }

    /**
     * Checkpoints of a run: where to start from (null for the beginning), where to write, every how many
     * iterations, and the fingerprints to stamp them with.
     */
    public record Checkpoints(Checkpoint start, CheckpointStore store, long every, String configHash,
                              String dataHash) {
        public static final Checkpoints NONE = new Checkpoints(null, null, 0, "", "");
    }

    /**
     * The trained parameters, the history of the iterations this run computed (after the checkpoint it
     * resumed from, if any), the total number of iterations and the last one's loss.
     */
    public record Result(double[] params, List<IterationRecord> history, long iterations, double finalLoss) {
        /** The metrics saved with a model: iterations, the last iteration's loss, then the training-set metrics. */
        public Map<String, Double> metricsWith(Metrics trainMetrics) {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("iterations", (double) iterations);
            m.put("finalIterationLoss", finalLoss);
            trainMetrics.toMap().forEach((k, v) -> m.put("train." + k, v));
            return m;
        }
    }

    private TrainingLoop() {}

    /** Initial parameters for a run: the spec's network initialised from the job seed. */
    public static double[] initialParams(TrainingSetup setup, TrainConfig cfg) {
        return MLP.create(setup.spec(), Seeds.derive(cfg.seed(), -1)).params().values();
    }

    public static Result run(TrainConfig cfg, TrainingSetup setup, GradientSource source) {
        return run(cfg, setup, source, IterationListener.NONE);
    }

    /** {@link #run(TrainConfig, TrainingSetup, GradientSource)}, telling {@code listener} after each step. */
    public static Result run(TrainConfig cfg, TrainingSetup setup, GradientSource source, IterationListener listener) {
        return run(cfg, setup, source, listener, Checkpoints.NONE);
    }

    /**
     * The full form: continues from {@code checkpoints.start()} when it is given, and hands a checkpoint
     * to {@code checkpoints.store()} after every {@code checkpoints.every()} iterations.
     */
    public static Result run(TrainConfig cfg, TrainingSetup setup, GradientSource source, IterationListener listener,
                             Checkpoints checkpoints) {
        double[] params = initialParams(setup, cfg);
        Optimizer optimizer = cfg.newOptimizer();
        long total = setup.totalIterations(cfg);
        long first = 0;
        double lastLoss = Double.NaN;
        Checkpoint from = checkpoints.start();
        if (from != null) {
            Checks.arg(from.params().length == params.length, "the checkpoint has %s parameters, the network %s",
                from.params().length, params.length);
            params = from.params();
            optimizer.restore(from.optimizer());
            first = from.iteration();
            lastLoss = from.lastLoss();
            LOG.info("resuming after iteration {} of {}", first, total);
        }
        List<IterationRecord> history = new ArrayList<>();
        long start = System.nanoTime();
        long done = first;
        for (long it = first; it < total; it++) {
            long t0 = System.nanoTime();
            GradientSum sum = source.compute(params, it, total);
            Checks.state(sum != null && sum.count() > 0,
                "iteration %s saw no rows; the data has %s rows", it + 1, setup.numRows());
            double loss = sum.lossSum() / sum.count();
            double[] grad = sum.grad();
            double inv = 1.0 / sum.count();
            double sq = 0;
            for (int i = 0; i < grad.length; i++) {
                grad[i] *= inv;
                sq += grad[i] * grad[i];
            }
            double norm = Math.sqrt(sq);
            long epoch = setup.plan().epochOf(it);
            if (!Double.isFinite(loss)) {
                throw diverged(it, epoch, "the loss became " + loss, optimizer, cfg);
            }
            if (!Double.isFinite(norm)) {
                throw diverged(it, epoch, "the gradient became " + norm + " (loss " + loss + ")", optimizer, cfg);
            }
            if (cfg.clipNorm() > 0 && norm > cfg.clipNorm()) {
                double scale = cfg.clipNorm() / norm;
                for (int i = 0; i < grad.length; i++) {
                    grad[i] *= scale;
                }
            }
            optimizer.step(params, grad);
            for (double w : params) {
                if (!Double.isFinite(w)) {
                    throw diverged(it, epoch, "a weight became " + w + " after the step (loss " + loss
                        + ", gradient norm " + norm + ")", optimizer, cfg);
                }
            }
            double seconds = (System.nanoTime() - t0) * 1e-9;
            double elapsed = (System.nanoTime() - start) * 1e-9;
            IterationRecord rec = new IterationRecord(it + 1, epoch, loss, sum.count(), seconds);
            history.add(rec);
            lastLoss = loss;
            done = it + 1;
            if (checkpoints.store() != null && checkpoints.every() > 0 && done % checkpoints.every() == 0) {
                checkpoints.store().save(new Checkpoint(done, loss, cfg.seed(), checkpoints.configHash(),
                    checkpoints.dataHash(), params, optimizer.state()));
            }
            if (LOG.isInfoEnabled()) {
                double eta = elapsed / (it + 1 - first) * (total - it - 1);
                LOG.info(String.format("iteration %d/%d epoch %d loss %.6f examples/s %.0f elapsed %.1fs eta %.1fs",
                    it + 1, total, rec.epoch() + 1, loss, sum.count() / Math.max(seconds, 1e-9), elapsed, eta));
            }
            if (!listener.afterIteration(setup, rec, params)) {
                LOG.info("stopped after iteration {} by {}", it + 1, listener);
                break;
            }
        }
        return new Result(params, history, done, lastLoss);
    }

    private static TrainingDivergedException diverged(long it, long epoch, String what, Optimizer optimizer,
                                                      TrainConfig cfg) {
        String clip = cfg.clipNorm() > 0 ? "a smaller gradient-norm clip (now --clip-norm " + cfg.clipNorm() + ")"
            : "gradient-norm clipping (--clip-norm 1.0)";
        return new TrainingDivergedException(it + 1, "training diverged at iteration " + (it + 1) + " (epoch "
            + (epoch + 1) + "): " + what + ". Try a smaller learning rate (now "
            + optimizer.learningRate() + ") or " + clip + ".");
    }
}
