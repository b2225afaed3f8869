package org.sparkmlp.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sparkmlp.model.Metrics;
import org.sparkmlp.math.Checks;
import org.sparkmlp.math.Chunks;
import org.sparkmlp.nn.MLP;
import org.sparkmlp.optim.Optimizer;
import org.sparkmlp.optim.OptimizerState;
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

    /** Computes a local round: the tasks' weighted sums of their weights and optimizer state after it. */
    @FunctionalInterface
    public interface RoundSource {
        GradientSum compute(LocalRounds.Round round);
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
            return metricsWith(trainMetrics, null);
        }

        /** {@link #metricsWith(Metrics)}, then the validation metrics when there are some. */
        public Map<String, Double> metricsWith(Metrics trainMetrics, Metrics validationMetrics) {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("iterations", (double) iterations);
            m.put("finalIterationLoss", finalLoss);
            trainMetrics.toMap().forEach((k, v) -> m.put("train." + k, v));
            if (validationMetrics != null) {
                validationMetrics.toMap().forEach((k, v) -> m.put("validation." + k, v));
            }
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
     *
     * <p>Each iteration: set the learning rate from the schedule; get the gradient sum (and, on validating
     * iterations, the held-out metrics of the weights the iteration starts from); average it and check
     * that everything is finite; let early stopping and the plateau schedule see the validation metrics;
     * add the L2 penalty, clip, step; record, checkpoint, tell the listener.
     */
    public static Result run(TrainConfig cfg, TrainingSetup setup, GradientSource source, IterationListener listener,
                             Checkpoints checkpoints) {
        return run(cfg, setup, source, listener, checkpoints, null);
    }

    /**
     * {@link #run(TrainConfig, TrainingSetup, GradientSource, IterationListener, Checkpoints)} from the flat
     * weights {@code initial} instead of the seeded initialisation (null for that); a checkpoint to resume
     * from takes precedence.
     */
    public static Result run(TrainConfig cfg, TrainingSetup setup, GradientSource source, IterationListener listener,
                             Checkpoints checkpoints, double[] initial) {
        return run(cfg, setup, source, null, listener, checkpoints, initial);
    }

    /**
     * {@link #run(TrainConfig, TrainingSetup, GradientSource, IterationListener, Checkpoints, double[])}, with
     * the local rounds {@code rounds} computes when the configuration synchronises every K > 1 steps
     * ({@link TrainConfig#syncEvery()}); null when it does not.
     *
     * <p>A round covers the iterations up to the next multiple of K (fewer at the end), so a resumed run
     * meets the same rounds. The tasks start from the driver's weights and optimizer state with the
     * round's learning rates, take their local steps ({@link LocalRounds}), and the driver takes their
     * average, weighted by the examples each task saw. A round validates the weights it starts from when
     * one of its iterations is a validating one; early stopping and the plateau schedule act between
     * rounds. It is recorded as one entry of the history, numbered by its last iteration.
     */
    public static Result run(TrainConfig cfg, TrainingSetup setup, GradientSource source, RoundSource rounds,
                             IterationListener given, Checkpoints checkpoints, double[] initial) {
        IterationListener listener = Tolerance.before(cfg, given);
        Run run = new Run(cfg, setup, checkpoints.start(), initial);
        long total = setup.totalIterations(cfg);
        long start = System.nanoTime();
        if (cfg.syncEvery() > 1) {
            Checks.arg(rounds != null, "this trainer does not take local rounds (`sync-every` %s)", cfg.syncEvery());
            runRounds(cfg, setup, rounds, listener, checkpoints, run, total, start);
            return finish(cfg, run, total);
        }
        for (long it = run.first; it < total; it++) {
            long t0 = System.nanoTime();
            double lr = run.setLearningRate(it);
            GradientSum sum = source.compute(run.params, it, total);
            long tStep = System.nanoTime();
            Stepper.Averaged avg = run.stepper.average(sum, it);
            Map<String, Double> validation = sum.validation() == null ? null : sum.validation().toMap();
            boolean stop = validation != null && run.watch.validated(validation, run.params, it);
            if (!stop) {
                run.stepper.step(run.params, avg, it);
            }
            long t1 = System.nanoTime();
            IterationRecord rec = new IterationRecord(it + 1, avg.epoch(), avg.loss(), sum.count(), (t1 - t0) * 1e-9, lr,
                validation, sum.broadcastSeconds(), sum.computeSeconds(),
                Math.max(0, sum.jobSeconds() - sum.computeSeconds()), (t1 - tStep) * 1e-9);
            if (!run.record(rec, stop, it, 1, checkpoints, listener, total, (t1 - start) * 1e-9)) {
                break;
            }
        }
        return finish(cfg, run, total);
    }

    /** The run's result; says so in the log when it ran every iteration, early stopping (if on) never ending it. */
    private static Result finish(TrainConfig cfg, Run run, long total) {
        if (run.done == total && total > run.first) {
            LOG.info("trained all {} epochs ({} iterations){}", cfg.epochs(), total, cfg.earlyStopping().enabled()
                ? "; the validation " + cfg.earlyStopping().monitor() + " had not stalled for "
                    + cfg.earlyStopping().patience() + " validations" : "");
        }
        return new Result(run.params, run.history, run.done, run.lastLoss);
    }

    private static void runRounds(TrainConfig cfg, TrainingSetup setup, RoundSource rounds, IterationListener listener,
                                  Checkpoints checkpoints, Run run, long total, long start) {
        int k = cfg.syncEvery();
        for (long it = run.first; it < total; ) {
            long t0 = System.nanoTime();
            int steps = (int) Math.min(k - it % k, total - it);
            double[] rates = new double[steps];
            boolean validate = false;
            for (int j = 0; j < steps; j++) {
                rates[j] = run.rate(it + j);
                validate |= setup.validatesAt(it + j);
            }
            OptimizerState state = run.optimizer.state();
            GradientSum sum = rounds.compute(new LocalRounds.Round(run.params, state, it, rates, validate,
                cfg.precision()));
            long tStep = System.nanoTime();
            Map<String, Double> validation = sum.validation() == null ? null : sum.validation().toMap();
            boolean stop = validation != null && run.watch.validated(validation, run.params, it);
            double loss = stop ? sum.lossSum() / sum.weightSum() : run.roundEnd(sum, it, steps, rates[steps - 1],
                state.steps());
            long t1 = System.nanoTime();
            IterationRecord rec = new IterationRecord(it + steps, setup.plan().epochOf(it + steps - 1), loss,
                sum.count(), (t1 - t0) * 1e-9, rates[steps - 1], validation, sum.broadcastSeconds(),
                sum.computeSeconds(), Math.max(0, sum.jobSeconds() - sum.computeSeconds()), (t1 - tStep) * 1e-9);
            if (!run.record(rec, stop, it, steps, checkpoints, listener, total, (t1 - start) * 1e-9)) {
                break;
            }
            it += steps;
        }
    }

    /** A run in progress: the weights, the optimizer, the loop's watch and what has been done. */
    private static final class Run {
        private final TrainConfig cfg;
        private final TrainingSetup setup;
        private final Optimizer optimizer;
        private final Stepper stepper;
        private final Watch watch;
        private final List<IterationRecord> history = new ArrayList<>();
        private final long first;
        private double[] params;
        private long done;
        private double lastLoss = Double.NaN;

        /** A run from {@code initial} or the seeded weights, or from {@code from} when it is a checkpoint to resume. */
        Run(TrainConfig cfg, TrainingSetup setup, Checkpoint from, double[] initial) {
            this.cfg = cfg;
            this.setup = setup;
            Checks.arg(initial == null || initial.length == setup.spec().numParams(),
                "the initial weights have %s values; the network %s has %s parameters", initial == null ? 0
                    : initial.length, setup.spec(), setup.spec().numParams());
            this.params = initial != null ? initial.clone() : initialParams(setup, cfg);
            this.optimizer = cfg.newOptimizer(setup.spec());
            this.stepper = new Stepper(cfg, setup, optimizer);
            this.watch = new Watch(cfg);
            if (from != null) {
                Checks.arg(from.params().length == params.length, "the checkpoint has %s parameters, the network %s",
                    from.params().length, params.length);
                params = from.params();
                optimizer.restore(from.optimizer());
                watch.restore(from.loop(), from.bestParams());
                lastLoss = from.lastLoss();
                LOG.info("resuming after iteration {} of {}", from.iteration(), setup.totalIterations(cfg));
            }
            this.first = from == null ? 0 : from.iteration();
            this.done = first;
        }

        /** Sets the rate of iteration {@code it}: the schedule's, cut by the plateau schedule. */
        double setLearningRate(long it) {
            double lr = rate(it);
            optimizer.setLearningRate(lr);
            return lr;
        }

        /** The rate of iteration {@code it}: the schedule's, cut by the plateau schedule. */
        double rate(long it) {
            return watch.rate(cfg.lrSchedule().rate(cfg.learningRate(), it, setup.plan().iterationsPerEpoch(),
                setup.totalIterations(cfg)));
        }

        /**
         * Ends a local round: the tasks' weighted sums of their weights and optimizer state, divided by the
         * round's total example weight, become the driver's; the optimizer has taken {@code steps} steps and
         * holds the round's last rate, {@code steps} steps after the {@code stepsBefore} it had taken.
         */
        double roundEnd(GradientSum sum, long it, int steps, double lastRate, long stepsBefore) {
            Checks.state(sum != null && sum.count() > 0 && sum.weightSum() > 0,
                "iterations %s to %s saw no rows; the data has %s rows", it + 1, it + steps, setup.numRows());
            double loss = sum.lossSum() / sum.weightSum();
            long epoch = setup.plan().epochOf(it + steps - 1);
            if (!Double.isFinite(loss)) {
                throw stepper.diverged(it + steps - 1, epoch, "the loss became " + loss);
            }
            double[] v = sum.grad();
            int n = params.length;
            double inv = 1.0 / sum.weightSum();
            double[][] parts = new double[v.length / n][];
            for (int a = 0; a < parts.length; a++) {
                double[] part = new double[n];
                int off = a * n;
                Chunks.forEach(n, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        part[i] = v[off + i] * inv;
                    }
                });
                parts[a] = part;
            }
            params = parts[0];
            optimizer.restore(new OptimizerState(lastRate, stepsBefore + steps,
                java.util.Arrays.asList(parts).subList(1, parts.length)));
            stepper.checkFinite(params, it + steps - 1, epoch, " in the local round of iterations " + (it + 1) + " to "
                + (it + steps) + " (loss " + loss + ")");
            return loss;
        }

        /**
         * Records {@code steps} iterations from {@code it} that ended in {@code rec}; stops early when asked,
         * else checkpoints, logs and tells the listener. False ends the run.
         */
        boolean record(IterationRecord rec, boolean stop, long it, int steps, Checkpoints checkpoints,
                       IterationListener listener, long total, double elapsed) {
            done(rec);
            if (stop) {
                stopEarly(it);
                return false;
            }
            checkpoint(checkpoints, steps);
            log(cfg, rec, first, total, elapsed);
            if (!listener.afterIteration(setup, rec, params)) {
                LOG.info("stopped after iteration {} by {}", it + steps, listener);
                return false;
            }
            return true;
        }

        void done(IterationRecord rec) {
            history.add(rec);
            lastLoss = rec.loss();
            done = rec.iteration();
        }

        /** Ends the run on early stopping, going back to the best weights when asked. */
        void stopEarly(long it) {
            if (cfg.earlyStopping().restoreBest()) {
                params = watch.bestParams();
            }
            LOG.info("early stopping at iteration {}: validation {} has not improved for {} validations; "
                + "{} the weights of iteration {}", it + 1, cfg.earlyStopping().monitor(),
                cfg.earlyStopping().patience(), cfg.earlyStopping().restoreBest() ? "restored" : "kept",
                watch.bestIteration() + 1);
        }

        /** Hands a checkpoint to the store when one fell due in the last {@code steps} iterations. */
        void checkpoint(Checkpoints checkpoints, int steps) {
            if (checkpoints.store() != null && checkpoints.every() > 0
                && done / checkpoints.every() > (done - steps) / checkpoints.every()) {
                checkpoints.store().save(new Checkpoint(done, lastLoss, cfg.seed(), checkpoints.configHash(),
                    checkpoints.dataHash(), params, optimizer.state(), watch.state(), watch.bestParamsOrEmpty()));
            }
        }
    }

    private static void log(TrainConfig cfg, IterationRecord rec, long first, long total, double elapsed) {
        if (LOG.isInfoEnabled()) {
            long it = rec.iteration() - 1;
            double eta = elapsed / (it + 1 - first) * (total - it - 1);
            Map<String, Double> validation = rec.validation();
            LOG.info(String.format("iteration %d/%d epoch %d loss %.6f%s lr %.3g examples/s %.0f elapsed %.1fs "
                    + "eta %.1fs", it + 1, total, rec.epoch() + 1, rec.loss(), validation == null ? ""
                    : String.format(" validation %s %.6f", cfg.earlyStopping().monitor(),
                    java.util.Objects.requireNonNullElse(Watch.monitored(cfg, validation), Double.NaN)),
                rec.learningRate(), rec.examples() / Math.max(rec.seconds(), 1e-9), elapsed, eta));
        }
    }

    /**
     * What the loop watches across iterations: the plateau schedule's reductions and early stopping's best
     * value, its weights and how long it has waited. All of it goes into checkpoints.
     */
    private static final class Watch {
        private final TrainConfig cfg;
        private double scale = LoopState.START.lrScale();
        private double plateauBest = LoopState.START.plateauBest();
        private int plateauWait = LoopState.START.plateauWait();
        private double best = LoopState.START.stoppingBest();
        private int wait = LoopState.START.stoppingWait();
        private long bestIteration = LoopState.START.bestIteration();
        private double[] bestParams;

        Watch(TrainConfig cfg) {
            this.cfg = cfg;
        }

        double rate(double scheduled) {
            if (cfg.lrSchedule().kind() != org.sparkmlp.optim.LrSchedule.Kind.PLATEAU) {
                return scheduled;
            }
            return Math.max(scheduled * scale, Math.min(cfg.lrSchedule().minLr(), scheduled));
        }

        /** Takes the validation metrics of the weights iteration {@code it} starts from; true means stop. */
        boolean validated(Map<String, Double> metrics, double[] params, long it) {
            EarlyStopping es = cfg.earlyStopping();
            boolean plateau = cfg.lrSchedule().kind() == org.sparkmlp.optim.LrSchedule.Kind.PLATEAU;
            if (!es.enabled() && !plateau) {
                return false;
            }
            Double v = monitored(cfg, metrics);
            Checks.arg(v != null, "validation metric '%s' is not one this task has; it has %s", es.monitor(),
                metrics.keySet());
            if (plateau) {
                if (es.improves(v, plateauBest)) {
                    plateauBest = v;
                    plateauWait = 0;
                } else if (++plateauWait >= cfg.lrSchedule().patience()) {
                    scale *= cfg.lrSchedule().gamma();
                    plateauWait = 0;
                    LOG.info("validation {} has not improved for {} validations; learning rate scaled by {}",
                        es.monitor(), cfg.lrSchedule().patience(), scale);
                }
            }
            if (!es.enabled()) {
                return false;
            }
            if (es.improves(v, best)) {
                best = v;
                wait = 0;
                bestIteration = it;
                bestParams = params.clone();
                return false;
            }
            return ++wait >= es.patience();
        }

        /**
         * The monitored metric's value; where the metrics have no {@code loss} (a regression's), the loss's
         * own {@link org.sparkmlp.nn.loss.Loss#lossMetric() stand-in}, such as RMSE for MSE.
         */
        static Double monitored(TrainConfig cfg, Map<String, Double> metrics) {
            String key = cfg.earlyStopping().monitor();
            if (key.equals("loss") && !metrics.containsKey(key)) {
                key = cfg.loss().lossMetric();
            }
            return metrics.get(key);
        }

        long bestIteration() {
            return bestIteration;
        }

        double[] bestParams() {
            return bestParams.clone();
        }

        double[] bestParamsOrEmpty() {
            return bestParams == null ? new double[0] : bestParams;
        }

        LoopState state() {
            return new LoopState(scale, plateauBest, plateauWait, best, wait, bestIteration);
        }

        /**
         * Continues from a checkpoint's state. Best weights without a best iteration, or the other way
         * round, do not make one state: such a checkpoint is refused.
         */
        void restore(LoopState state, double[] savedBest) {
            Checks.arg((state.bestIteration() >= 0) == (savedBest.length > 0), "the checkpoint's loop state (best "
                + "iteration %s) does not match its best weights (%s values)", state.bestIteration(), savedBest.length);
            scale = state.lrScale();
            plateauBest = state.plateauBest();
            plateauWait = state.plateauWait();
            best = state.stoppingBest();
            wait = state.stoppingWait();
            bestIteration = state.bestIteration();
            bestParams = savedBest.length == 0 ? null : savedBest;
        }
    }
}
