package org.sparkmlp.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparkmlp.data.BlockBuilder;
import org.sparkmlp.data.DataBlock;

class TrainingLoopTest {
    @Test
    void aListenerSeesEveryStepAndCanStopTraining() {
        double[][] x = new double[40][2];
        double[] y = new double[40];
        for (int i = 0; i < 40; i++) {
            x[i][0] = i % 7;
            x[i][1] = i % 3;
            y[i] = i % 2;
        }
        List<List<DataBlock>> parts = List.of(BlockBuilder.pack(x, y, 8));
        TrainConfig cfg = TrainConfig.builder().layers(2, 4, 2).epochs(10).batchSize(10).build();
        TrainingSetup setup = TrainingSetup.prepare(cfg, LocalTrainer.summarize(parts, 2), List.of("a", "b"));
        List<Long> seen = new ArrayList<>();
        List<double[]> paramsSeen = new ArrayList<>();
        TrainingLoop.Result stopped = TrainingLoop.run(cfg, setup,
            (p, it, total) -> LocalTrainer.gradient(setup, cfg, p, it, parts), (s, rec, params) -> {
                seen.add(rec.iteration());
                paramsSeen.add(params.clone());
                return rec.iteration() < 6;
            });
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), seen);
        assertEquals(6, stopped.history().size());
        assertArrayEquals(paramsSeen.get(5), stopped.params());
        // Stopping early gives exactly the first six steps of the full run.
        TrainingLoop.Result full = TrainingLoop.run(cfg, setup,
            (p, it, total) -> LocalTrainer.gradient(setup, cfg, p, it, parts), (s, rec, params) -> {
                if (rec.iteration() == 6) {
                    assertArrayEquals(paramsSeen.get(5), params);
                }
                return true;
            });
        assertEquals(40, full.history().size());
    }

    private static TrainingSetup xorSetup(TrainConfig cfg) {
        List<List<DataBlock>> parts = List.of(BlockBuilder.pack(new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}},
            new double[] {0, 1, 1, 0}, 4));
        return TrainingSetup.prepare(cfg, LocalTrainer.summarize(parts, 2), List.of("a", "b"));
    }

    /** A source whose summed gradient is {@code g} times the example count, with a finite loss. */
    private static TrainingLoop.GradientSource constant(double[] g, double loss) {
        return (p, it, total) -> {
            double[] sum = new double[g.length];
            for (int i = 0; i < g.length; i++) {
                sum[i] = 4 * g[i];
            }
            return new GradientSum(sum, 4 * loss, 4);
        };
    }

    @Test
    void clippingScalesALongGradientToTheNormAndLeavesAShortOneAlone() {
        TrainConfig plain = TrainConfig.builder().layers(2, 3, 2).optimizer(org.sparkmlp.optim.OptimizerKind.SGD)
            .momentum(0).learningRate(1).epochs(1).build();
        TrainingSetup setup = xorSetup(plain);
        int n = setup.spec().numParams();
        double[] g = new double[n];
        for (int i = 0; i < n; i++) {
            g[i] = (i % 3 - 1) * 10.0 + 0.5;
        }
        double gNorm = Math.sqrt(java.util.Arrays.stream(g).map(v -> v * v).sum());
        double[] start = TrainingLoop.initialParams(setup, plain);
        for (double clip : new double[] {0, 1.0, 2 * gNorm}) {
            TrainConfig cfg = plain.toBuilder().clipNorm(clip).build();
            double[] end = TrainingLoop.run(cfg, setup, constant(g, 0.5)).params();
            double[] step = new double[n];
            for (int i = 0; i < n; i++) {
                step[i] = start[i] - end[i];
            }
            double stepNorm = Math.sqrt(java.util.Arrays.stream(step).map(v -> v * v).sum());
            double expected = clip > 0 && clip < gNorm ? clip : gNorm;
            assertEquals(expected, stepNorm, 1e-9 * gNorm, "clip " + clip);
            for (int i = 0; i < n; i++) {
                assertEquals(g[i] * expected / gNorm, step[i], 1e-9 * gNorm, "the direction is kept");
            }
        }
    }

    @Test
    void aNonFiniteLossGradientOrWeightStopsTrainingNamingTheIterationAndARemedy() {
        TrainConfig cfg = TrainConfig.builder().layers(2, 3, 2).epochs(5).build();
        TrainingSetup setup = xorSetup(cfg);
        int n = setup.spec().numParams();
        double[] finite = new double[n];
        java.util.Arrays.fill(finite, 0.1);
        double[] nan = finite.clone();
        nan[3] = Double.NaN;
        TrainingLoop.GradientSource lossGoesNan = (p, it, total) -> constant(finite, it < 2 ? 0.7 : Double.NaN)
            .compute(p, it, total);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
            () -> TrainingLoop.run(cfg, setup, lossGoesNan));
        assertEquals(3, e.iteration());
        assertTrue(e.getMessage().contains("iteration 3") && e.getMessage().contains("loss became NaN")
            && e.getMessage().contains("smaller learning rate") && e.getMessage().contains("`clip-norm`"), e.getMessage());

        e = assertThrows(TrainingDivergedException.class, () -> TrainingLoop.run(cfg, setup, constant(nan, 0.7)));
        assertTrue(e.getMessage().contains("iteration 1") && e.getMessage().contains("gradient became NaN"),
            e.getMessage());

        TrainConfig huge = TrainConfig.builder().layers(2, 3, 2).epochs(5)
            .optimizer(org.sparkmlp.optim.OptimizerKind.SGD).momentum(0).learningRate(1e308).build();
        double[] big = finite.clone();
        java.util.Arrays.fill(big, 10.0);
        e = assertThrows(TrainingDivergedException.class, () -> TrainingLoop.run(huge, setup, constant(big, 0.7)));
        assertTrue(e.getMessage().contains("iteration 1") && e.getMessage().contains("weight became")
            && e.getMessage().contains("1.0E308"), e.getMessage());
    }

    /** Classification metrics of one example whose true class gets probability exp(-loss). */
    private static org.sparkmlp.model.Metrics withLoss(double loss) {
        org.sparkmlp.model.Metrics m = new org.sparkmlp.model.Metrics(2);
        double p = Math.exp(-loss);
        m.addClassification(org.sparkmlp.math.Matrix.of(new double[][] {{p, 1 - p}}), 0, 0, 1.0, loss);
        return m;
    }

    /** The xor setup, with held-out rows validated at every iteration. */
    private static TrainingSetup validatingEveryIteration(TrainConfig cfg) {
        TrainingSetup s = xorSetup(cfg);
        return new TrainingSetup(s.spec(), s.preprocessor(), s.plan(), s.numRows(), 10, 1);
    }

    @Test
    void earlyStoppingStopsAfterPatienceValidationsAndRestoresTheBestWeights() {
        double[] losses = {1.0, 0.8, 0.7, 0.75, 0.72, 0.9, 0.5, 0.4};
        TrainConfig cfg = TrainConfig.builder().layers(2, 3, 2).epochs(8).optimizer(org.sparkmlp.optim.OptimizerKind.SGD)
            .momentum(0).learningRate(0.1).earlyStopping(new EarlyStopping("loss", 3, 0, true)).build();
        TrainingSetup setup = validatingEveryIteration(cfg);
        int n = setup.spec().numParams();
        List<double[]> seen = new ArrayList<>();
        TrainingLoop.Result r = TrainingLoop.run(cfg, setup, (p, it, total) -> {
            seen.add(p.clone());
            double[] g = new double[n];
            java.util.Arrays.fill(g, 0.5);
            return new GradientSum(g, 4 * 0.3, 4).withValidation(withLoss(losses[(int) it]));
        });
        assertEquals(6, r.iterations(), "0.75, 0.72 and 0.9 do not beat 0.7: stop at the sixth iteration");
        assertArrayEquals(seen.get(2), r.params(), "the weights that scored 0.7");
        assertEquals(0.7, r.history().get(2).validation().get("loss"), 1e-12);

        TrainConfig keep = cfg.toBuilder().earlyStopping(new EarlyStopping("loss", 3, 0, false)).build();
        seen.clear();
        TrainingLoop.Result kept = TrainingLoop.run(keep, setup, (p, it, total) -> {
            seen.add(p.clone());
            double[] g = new double[n];
            java.util.Arrays.fill(g, 0.5);
            return new GradientSum(g, 4 * 0.3, 4).withValidation(withLoss(losses[(int) it]));
        });
        assertArrayEquals(seen.get(5), kept.params(), "without restoring, the weights the last validation saw");
    }

    @Test
    void thePlateauScheduleCutsTheRateWhenValidationStalls() {
        double[] losses = {1.0, 0.8, 0.85, 0.9, 0.7, 0.75, 0.8, 0.6};
        org.sparkmlp.optim.LrSchedule plateau = new org.sparkmlp.optim.LrSchedule(
            org.sparkmlp.optim.LrSchedule.Kind.PLATEAU, 0.5, 1, 0.01, 0, 2);
        TrainConfig cfg = TrainConfig.builder().layers(2, 3, 2).epochs(8).optimizer(org.sparkmlp.optim.OptimizerKind.SGD)
            .momentum(0).learningRate(0.1).lrSchedule(plateau).build();
        TrainingSetup setup = validatingEveryIteration(cfg);
        int n = setup.spec().numParams();
        TrainingLoop.Result r = TrainingLoop.run(cfg, setup, (p, it, total) ->
            new GradientSum(new double[n], 4 * 0.3, 4).withValidation(withLoss(losses[(int) it])));
        double[] rates = r.history().stream().mapToDouble(IterationRecord::learningRate).toArray();
        // 0.85 and 0.9 fail to beat 0.8 (patience 2): from the next iteration on, half the rate; 0.7 is
        // better, then 0.75 and 0.8 are not: half again, not below the floor of 0.01
        assertArrayEquals(new double[] {0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025}, rates, 1e-15);
    }
}
