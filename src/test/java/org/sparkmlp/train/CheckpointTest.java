package org.sparkmlp.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparkmlp.math.Precision;
import org.sparkmlp.data.BlockBuilder;
import org.sparkmlp.data.DataBlock;
import org.sparkmlp.optim.OptimizerKind;
import org.sparkmlp.optim.OptimizerState;

class CheckpointTest {
    private static Checkpoint sample() {
        return new Checkpoint(42, 0.25, 7, "c0ffee", "d47a", new double[] {1, -2.5, Math.PI, Double.MIN_VALUE},
            new OptimizerState(0.01, 42, List.of(new double[] {0.1, 0.2, 0.3, 0.4}, new double[] {1, 2, 3, 4})));
    }

    @Test
    void bytesRoundTripExactly() throws IOException {
        Checkpoint c = sample();
        assertEquals(c, Checkpoint.fromBytes(c.toBytes()));
    }

    @Test
    void everyTruncationAndEveryFlippedByteIsRecognised() {
        byte[] bytes = sample().toBytes();
        for (int len = 0; len < bytes.length; len++) {
            byte[] cut = Arrays.copyOf(bytes, len);
            assertThrows(IOException.class, () -> Checkpoint.fromBytes(cut), "cut to " + len);
        }
        for (int i = 0; i < bytes.length; i++) {
            byte[] flipped = bytes.clone();
            flipped[i] ^= 0x04;
            IOException e = assertThrows(IOException.class, () -> Checkpoint.fromBytes(flipped), "byte " + i);
            assertTrue(e.getMessage().contains("checksum"), e.getMessage());
        }
    }

    /** A run cut at any checkpoint and resumed from it ends with the uninterrupted run's exact weights. */
    @Test
    void resumingFromAnyCheckpointGivesTheUninterruptedRunsWeights() {
        double[][] x = new double[60][3];
        double[] y = new double[60];
        for (int i = 0; i < 60; i++) {
            x[i] = new double[] {i % 7, (i * 3) % 11, Math.sin(i)};
            y[i] = (i % 7 + i % 3) % 3;
        }
        List<List<DataBlock>> parts = List.of(BlockBuilder.pack(x, y, 16));
        for (OptimizerKind kind : OptimizerKind.values()) {
            TrainConfig cfg = TrainConfig.builder().layers(3, 5, 3).optimizer(kind).nesterov(kind == OptimizerKind.SGD)
                .learningRate(0.05).epochs(4).batchSize(20).build();
            TrainingSetup setup = TrainingSetup.prepare(cfg, LocalTrainer.summarize(parts, 3), List.of("a", "b", "c"));
            TrainingLoop.GradientSource source = (p, it, total) -> LocalTrainer.gradient(setup, cfg, p, it, parts);
            List<Checkpoint> written = new ArrayList<>();
            TrainingLoop.Result full = TrainingLoop.run(cfg, setup, source, TrainingLoop.IterationListener.NONE,
                new TrainingLoop.Checkpoints(null, written::add, 2, "cfg", "data"));
            assertEquals(6, written.size(), "every 2 of 12 iterations");
            for (Checkpoint c : written) {
                Checkpoint back;
                try {
                    back = Checkpoint.fromBytes(c.toBytes());
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
                TrainingLoop.Result resumed = TrainingLoop.run(cfg, setup, source, TrainingLoop.IterationListener.NONE,
                    new TrainingLoop.Checkpoints(back, null, 0, "cfg", "data"));
                assertArrayEquals(full.params(), resumed.params(), kind + " resumed after " + c.iteration());
                assertEquals(12, resumed.iterations());
                assertEquals(full.finalLoss(), resumed.finalLoss());
                assertEquals(12 - c.iteration(), resumed.history().size());
            }
        }
    }

    @Test
    void aCheckpointWhoseLoopStateDoesNotMatchItsBestWeightsIsRefused() {
        double[][] x = {{0, 1}, {1, 0}, {1, 1}, {0, 0}};
        List<List<DataBlock>> parts = List.of(BlockBuilder.pack(x, new double[] {0, 1, 1, 0}, 4));
        TrainConfig cfg = TrainConfig.builder().layers(2, 3, 2).epochs(3).build();
        TrainingSetup setup = TrainingSetup.prepare(cfg, LocalTrainer.summarize(parts, 2), List.of("a", "b"));
        double[] params = TrainingLoop.initialParams(setup, cfg);
        Checkpoint broken = new Checkpoint(1, 0.5, cfg.seed(), "cfg", "data", params,
            cfg.newOptimizer(setup.spec()).state(), new LoopState(1, Double.NaN, 0, 0.4, 0, 0), new double[0]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingLoop.run(cfg, setup,
            (p, it, total) -> LocalTrainer.gradient(setup, cfg, p, it, parts), TrainingLoop.IterationListener.NONE,
            new TrainingLoop.Checkpoints(broken, null, 0, "cfg", "data")));
        assertTrue(e.getMessage().contains("loop state") && e.getMessage().contains("best weights"), e.getMessage());
    }

    @Test
    void theConfigurationFingerprintIgnoresOnlyEpochsAndCheckpointSettings() {
        TrainConfig a = TrainConfig.builder().layers(3, 5, 3).build();
        assertEquals(Fingerprints.config(a), Fingerprints.config(a.toBuilder().epochs(99).checkpointDir("/tmp/x")
            .checkpointEvery(5).keepCheckpoints(9).resume(true).build()));
        for (TrainConfig b : List.of(a.toBuilder().seed(2).build(), a.toBuilder().learningRate(0.5).build(),
            a.toBuilder().batchSize(7).build(), a.toBuilder().layers(3, 6, 3).build(),
            a.toBuilder().precision(Precision.DOUBLE).build())) {
            assertTrue(!Fingerprints.config(a).equals(Fingerprints.config(b)), b.toString());
        }
    }

    @Test
    void onlyTheSettingsAwayFromTheirDefaultsEnterTheFingerprint() {
        TrainConfig patient = TrainConfig.builder().layers(3, 5, 3).earlyStoppingPatience(4).epochs(7).build();
        assertEquals("layers=3,5,3;early-stopping-patience=4;", Fingerprints.configText(patient),
            "a setting added later at its default leaves this text, and so the fingerprint, as it is");
        assertEquals("layers=3,5,3;lr=0.5;early-stopping-patience=4;",
            Fingerprints.configText(patient.toBuilder().lr(0.5).build()));
        assertEquals(Fingerprints.configText(patient), Fingerprints.configText(patient.toBuilder()
            .lr(patient.optimizer().defaultLearningRate()).build()), "the optimizer's own rate is its default");
    }

    @Test
    void aConfigurationAtItsDefaultsAndOneSettingApartFingerprintDifferently() {
        TrainConfig a = TrainConfig.builder().layers(3, 5, 3).build();
        TrainConfig explicit = a.toBuilder().syncEvery(1).blockSize(Settings.BLOCK_SIZE.defaultValue()).build();
        assertEquals(Fingerprints.config(a), Fingerprints.config(explicit));
        assertNotEquals(Fingerprints.config(a), Fingerprints.config(a.toBuilder().syncEvery(4).build()));
        assertNotEquals(Fingerprints.config(a), Fingerprints.config(a.toBuilder().earlyStoppingPatience(3)
            .validationFraction(0.1).build()));
    }
}
