package org.sparkmlp.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.sparkmlp.data.DataBlock;
import org.sparkmlp.math.Precision;
import org.sparkmlp.model.MlpModel;
import org.sparkmlp.optim.OptimizerKind;
import org.sparkmlp.testutil.Data;
import org.sparkmlp.testutil.Tolerances;

/** Local SGD ({@code sync-every} above 1) without Spark: what a round computes, and how runs resume. */
class LocalRoundsTest {
    private static final List<String> FEATURES = List.of("a", "b", "c", "d");

    private static List<DataBlock> blocks(int rows, long seed) {
        return Data.teacherBlocks(rows, FEATURES.size(), 9, seed);
    }

    /** AdamW with a warm cosine schedule, clipping and dropout: every part of the step a round repeats. */
    private static TrainConfig config(int syncEvery, Precision precision) {
        return TrainConfig.builder().layers(4, 8, 3).optimizer(OptimizerKind.ADAMW).learningRate(0.02)
            .weightDecay(0.01).clipNorm(0.5).dropout(0.1).lrSchedule(org.sparkmlp.optim.LrSchedule.Kind.COSINE)
            .warmupIterations(3).epochs(3).batchSize(30).blockSize(8).seed(5).precision(precision)
            .syncEvery(syncEvery).build();
    }

    /**
     * With one partition a round's average is the task's own result, so K local steps are the K steps the
     * driver would take: the same weights as synchronising every step, up to the rounding of multiplying
     * by the task's weight and dividing by it again once per round in double, and, in single precision,
     * of the weights and the state travelling as floats between rounds. 200 rows in batches of 30 give 7
     * iterations an epoch, 21 in all, so the last round of 4 is a short one.
     */
    @Test
    void onOnePartitionLocalStepsAreTheDriversSteps() {
        List<List<DataBlock>> one = List.of(blocks(200, 1));
        for (Precision precision : Precision.values()) {
            double[] every = LocalTrainer.fit(config(1, precision), FEATURES, one).params();
            double[] rounds = LocalTrainer.fit(config(4, precision), FEATURES, one).params();
            Tolerances.assertRelativelyClose(every, rounds, precision == Precision.DOUBLE ? 1e-12 : 1e-5,
                precision + ": sync-every 4 against 1 on one partition");
            double[] start = LocalTrainer.fit(config(1, precision).toBuilder().epochs(1).build(), FEATURES, one)
                .params();
            assertFalse(java.util.Arrays.equals(start, every), "training moved the weights");
        }
    }

    /**
     * On several partitions the tasks drift apart within a round, so the model differs from synchronous
     * training; it still learns, and a rerun gives the same bits.
     */
    @Test
    void onSeveralPartitionsRoundsAverageTasksThatDriftApartAndStillLearn() {
        List<List<DataBlock>> parts = LocalTrainer.partition(blocks(600, 2), 4);
        TrainConfig cfg = config(5, Precision.FLOAT).toBuilder().epochs(8).dropout(0).build();
        MlpModel first = LocalTrainer.fit(cfg, FEATURES, parts);
        MlpModel again = LocalTrainer.fit(cfg, FEATURES, parts);
        assertArrayEquals(first.params(), again.params(), "a rerun gives the same bits");
        MlpModel sync = LocalTrainer.fit(cfg.toBuilder().syncEvery(1).build(), FEATURES, parts);
        assertFalse(java.util.Arrays.equals(first.params(), sync.params()), "local steps are not synchronous steps");
        assertTrue(first.metrics().get("train.accuracy") > 0.85, "accuracy " + first.metrics());
        assertTrue(sync.metrics().get("train.accuracy") > 0.85, "accuracy " + sync.metrics());
    }

    /**
     * The history has a record per round, numbered by its last iteration; a run resumed from a checkpoint
     * taken at a round's end meets the same rounds and ends with the same bits as the uninterrupted one.
     */
    @Test
    void roundsAreRecordedByTheirLastIterationAndResumeExactly() {
        List<List<DataBlock>> parts = LocalTrainer.partition(blocks(300, 3), 3);
        TrainConfig cfg = config(4, Precision.FLOAT);
        TrainingSetup setup = TrainingSetup.prepare(cfg, LocalTrainer.summarize(parts, 4), FEATURES);
        PartitionGroups groups = PartitionGroups.of(3, 3);
        TrainingLoop.GradientSource never = (p, it, total) -> {
            throw new AssertionError("a local-round run asked for an iteration's gradient");
        };
        TrainingLoop.RoundSource rounds = round -> LocalTrainer.round(setup, cfg, round, parts, groups);
        List<Checkpoint> written = new ArrayList<>();
        TrainingLoop.Result full = TrainingLoop.run(cfg, setup, never, rounds, TrainingLoop.IterationListener.NONE,
            new TrainingLoop.Checkpoints(null, written::add, 5, "cfg", "data"), null);
        long total = setup.totalIterations(cfg);
        assertEquals(30, total);
        List<Long> ends = full.history().stream().map(IterationRecord::iteration).toList();
        assertEquals(List.of(4L, 8L, 12L, 16L, 20L, 24L, 28L, 30L), ends);
        assertEquals(List.of(8L, 12L, 16L, 20L, 28L, 30L), written.stream().map(Checkpoint::iteration).toList(),
            "a checkpoint at the end of each round that passed a multiple of 5");
        Checkpoint middle = written.get(2);
        TrainingLoop.Result resumed = TrainingLoop.run(cfg, setup, never, rounds,
            TrainingLoop.IterationListener.NONE, new TrainingLoop.Checkpoints(middle, null, 0, "cfg", "data"), null);
        assertArrayEquals(full.params(), resumed.params(), "resumed after iteration " + middle.iteration());
        assertEquals(ends.subList(ends.indexOf(middle.iteration()) + 1, ends.size()), resumed.history().stream().map(IterationRecord::iteration)
            .toList());
    }

    /**
     * A round validates the weights it starts from when one of its iterations is a validating one (each
     * epoch's first, 0, 7 and 14 here), so the first round's metrics are those of the initial weights, as
     * the first synchronous iteration's are; rounds between are not validated.
     */
    @Test
    void aRoundValidatesTheWeightsItStartsFrom() {
        List<List<DataBlock>> parts = new ArrayList<>();
        for (List<DataBlock> p : LocalTrainer.partition(blocks(200, 5), 2)) {
            List<DataBlock> withHeldOut = new ArrayList<>(p);
            for (DataBlock b : LocalTrainer.partition(blocks(40, 6), 2).get(parts.size())) {
                withHeldOut.add(new DataBlock(b.rows(), b.numFeatures(), b.features(), b.labels(), true));
            }
            parts.add(withHeldOut);
        }
        TrainConfig cfg = config(4, Precision.FLOAT);
        List<IterationRecord> rounds = historyOf(cfg, parts);
        List<IterationRecord> sync = historyOf(cfg.toBuilder().syncEvery(1).build(), parts);
        assertEquals(List.of(4L, 8L, 16L), rounds.stream().filter(r -> r.validation() != null)
            .map(IterationRecord::iteration).toList());
        assertEquals(sync.get(0).validation(), rounds.get(0).validation(), "the initial weights' metrics");
        assertTrue(rounds.get(0).validation().get("loss") > rounds.get(1).validation().get("loss"),
            "the validation loss falls: " + rounds.get(0).validation() + " then " + rounds.get(1).validation());
    }

    private static List<IterationRecord> historyOf(TrainConfig cfg, List<List<DataBlock>> parts) {
        TrainingSetup setup = TrainingSetup.prepare(cfg, LocalTrainer.summarize(parts, 4), FEATURES);
        PartitionGroups groups = PartitionGroups.of(parts.size(), parts.size());
        return TrainingLoop.run(cfg, setup, (p, it, total) -> LocalTrainer.gradient(setup, cfg, p, it, parts, groups),
            round -> LocalTrainer.round(setup, cfg, round, parts, groups), TrainingLoop.IterationListener.NONE,
            TrainingLoop.Checkpoints.NONE, null).history();
    }

    @Test
    void aRoundThatDivergesIsRefusedOnTheDriver() {
        List<List<DataBlock>> parts = LocalTrainer.partition(blocks(200, 4), 2);
        TrainConfig cfg = config(3, Precision.DOUBLE).toBuilder().optimizer(OptimizerKind.SGD).momentum(0)
            .weightDecay(0).clipNorm(0).learningRate(1e300).lrSchedule(org.sparkmlp.optim.LrSchedule.Kind.CONSTANT)
            .warmupIterations(0).build();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
            () -> LocalTrainer.fit(cfg, FEATURES, parts));
        assertTrue(e.getMessage().startsWith("training diverged at iteration 3 "), e.getMessage());
        assertEquals(3, e.iteration(), "the last iteration of the first round");
    }

    /**
     * A round travels in the pass's precision: for a single-precision pass, the weights and both Adam
     * moments as floats (4 bytes a value), arriving as the driver's own copy was rounded; in double, and
     * on a validating round, exactly.
     */
    @Test
    void aRoundTravelsInThePassPrecision() throws Exception {
        int n = 10_000;
        SplittableRandom rng = new SplittableRandom(8);
        double[] w = new double[n];
        double[] m = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = rng.nextGaussian();
            m[i] = rng.nextGaussian() * 1e-3;
            v[i] = rng.nextDouble() * 1e-6;
        }
        org.sparkmlp.optim.OptimizerState state = new org.sparkmlp.optim.OptimizerState(0.01, 7, List.of(m, v));
        for (Precision precision : Precision.values()) {
            for (boolean validate : new boolean[] {false, true}) {
                LocalRounds.Round round = new LocalRounds.Round(w, state, 14, new double[] {0.01, 0.009}, validate,
                    precision);
                java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
                try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
                    out.writeObject(round);
                }
                LocalRounds.Round back;
                try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
                    new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
                    back = (LocalRounds.Round) in.readObject();
                }
                boolean compact = precision == Precision.FLOAT && !validate;
                int perValue = compact ? 4 : 8;
                assertTrue(bytes.size() >= 3 * n * perValue && bytes.size() < 3 * n * perValue + 2_000,
                    precision + " validate " + validate + ": " + bytes.size() + " bytes");
                List<double[]> sent = List.of(w, m, v);
                List<double[]> got = new ArrayList<>();
                got.add(back.params());
                got.addAll(back.state().arrays());
                List<double[]> own = new ArrayList<>();
                own.add(round.params());
                own.addAll(round.state().arrays());
                for (int a = 0; a < 3; a++) {
                    for (int i = 0; i < n; i++) {
                        double expected = compact ? (float) sent.get(a)[i] : sent.get(a)[i];
                        assertEquals(expected, got.get(a)[i], 0.0, "array " + a + " value " + i);
                        assertEquals(expected, own.get(a)[i], 0.0, "the driver's own copy");
                    }
                }
                assertEquals(7, back.state().steps());
                assertEquals(2, back.steps());
                assertEquals(14, back.first());
            }
        }
    }

    /**
     * A retried task repeats its round bit for bit: the same round over the same partitions, on a fresh
     * thread (a new workspace, as on another executor) and after the thread has run another round.
     */
    @Test
    void aRetriedTaskRepeatsItsRoundExactly() throws Exception {
        List<List<DataBlock>> parts = LocalTrainer.partition(blocks(300, 9), 3);
        TrainConfig cfg = config(4, Precision.FLOAT);
        TrainingSetup setup = TrainingSetup.prepare(cfg, LocalTrainer.summarize(parts, 4), FEATURES);
        List<PartitionGradient.Part> task = List.of(new PartitionGradient.Part(1, parts.get(1)),
            new PartitionGradient.Part(2, parts.get(2)));
        double[] w = TrainingLoop.initialParams(setup, cfg);
        LocalRounds.Round round = new LocalRounds.Round(w, cfg.newOptimizer(setup.spec()).state(), 8,
            new double[] {0.02, 0.019, 0.018, 0.017}, false, cfg.precision());
        GradientSum first = LocalRounds.run(cfg, setup, round, task);
        LocalRounds.run(cfg, setup, new LocalRounds.Round(w, cfg.newOptimizer(setup.spec()).state(), 0,
            new double[] {0.01, 0.01}, false, cfg.precision()), task);
        GradientSum again = LocalRounds.run(cfg, setup, round, task);
        GradientSum[] elsewhere = new GradientSum[1];
        Thread t = new Thread(() -> elsewhere[0] = LocalRounds.run(cfg, setup, round, task));
        t.start();
        t.join();
        assertTrue(first.count() > 0);
        for (GradientSum other : new GradientSum[] {again, elsewhere[0]}) {
            assertEquals(first.count(), other.count());
            assertEquals(first.lossSum(), other.lossSum(), 0.0);
            assertArrayEquals(first.grad(), other.grad());
        }
    }

    @Test
    void syncEveryMustBePositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> TrainConfig.builder().layers(2, 2).syncEvery(0).build());
        assertTrue(e.getMessage().contains("sync-every"), e.getMessage());
    }
}
