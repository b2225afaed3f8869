package org.sparkmlp.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.sparkmlp.math.Precision;
import org.sparkmlp.data.BlockBuilder;
import org.sparkmlp.data.DataBlock;
import org.sparkmlp.model.Metrics;
import org.sparkmlp.model.MlpModel;
import org.sparkmlp.model.Predictor;
import org.sparkmlp.nn.loss.LossKind;

/** Sample and class weights: a row of weight 2 counts exactly as the row twice. */
class WeightsTest {
    private static final int N = 40;

    private static double[][] features() {
        SplittableRandom rng = new SplittableRandom(4);
        double[][] x = new double[N][3];
        for (double[] row : x) {
            for (int j = 0; j < 3; j++) {
                row[j] = rng.nextGaussian();
            }
        }
        return x;
    }

    private static double[] labels(boolean classification) {
        double[] y = new double[N];
        for (int i = 0; i < N; i++) {
            y[i] = classification ? i % 3 : 0.5 * i - 3;
        }
        return y;
    }

    /** The data with rows {@code 5} and {@code 17} repeated, and the same data with those rows at weight 2. */
    private static List<List<List<DataBlock>>> duplicatedAndWeighted(boolean classification) {
        double[][] x = features();
        double[] y = labels(classification);
        List<double[]> dx = new ArrayList<>(Arrays.asList(x));
        List<Double> dy = new ArrayList<>(Arrays.stream(y).boxed().toList());
        dx.add(x[5]);
        dy.add(y[5]);
        dx.add(x[17]);
        dy.add(y[17]);
        double[] w = new double[N];
        Arrays.fill(w, 1);
        w[5] = 2;
        w[17] = 2;
        List<DataBlock> dup = BlockBuilder.pack(dx.toArray(new double[0][]), dy.stream().mapToDouble(d -> d).toArray(), 16);
        List<DataBlock> weighted = BlockBuilder.pack(x, y, w, 16);
        return List.of(LocalTrainer.partition(dup, 2), LocalTrainer.partition(weighted, 2));
    }

    private static TrainConfig config(boolean classification, Precision precision) {
        return TrainConfig.builder().layers(3, 6, classification ? 3 : 1)
            .loss(classification ? LossKind.CROSS_ENTROPY : LossKind.MSE).precision(precision).batchSize(0)
            .build();
    }

    @Test
    void aRowOfWeightTwoGivesTheGradientOfTheRowTwice() {
        for (boolean classification : new boolean[] {true, false}) {
            for (Precision precision : Precision.values()) {
                List<List<List<DataBlock>>> data = duplicatedAndWeighted(classification);
                TrainConfig cfg = config(classification, precision);
                TrainingSetup dupSetup = TrainingSetup.prepare(cfg, LocalTrainer.summarize(data.get(0), 3),
                    List.of("a", "b", "c"));
                double[] params = TrainingLoop.initialParams(dupSetup, cfg);
                GradientSum dup = LocalTrainer.gradient(dupSetup, cfg, params, 0, data.get(0));
                GradientSum weighted = LocalTrainer.gradient(dupSetup, cfg, params, 0, data.get(1));
                assertEquals(dup.weightSum(), weighted.weightSum(), 0, "42 either way");
                assertEquals(42, weighted.weightSum());
                double tol = precision == Precision.DOUBLE ? 1e-10 : 2e-5;
                double scale = Arrays.stream(dup.grad()).map(Math::abs).max().orElseThrow();
                for (int i = 0; i < params.length; i++) {
                    assertEquals(dup.grad()[i] / 42, weighted.grad()[i] / 42, tol * scale, precision + " " + i);
                }
                assertEquals(dup.lossSum() / 42, weighted.lossSum() / 42, tol * Math.abs(dup.lossSum() / 42));
            }
        }
    }

    @Test
    void metricsWeighARowOfWeightTwoAsTheRowTwice() {
        for (boolean classification : new boolean[] {true, false}) {
            List<List<List<DataBlock>>> data = duplicatedAndWeighted(classification);
            TrainConfig cfg = config(classification, Precision.DOUBLE);
            TrainingSetup setup = TrainingSetup.prepare(cfg, LocalTrainer.summarize(data.get(0), 3), List.of("a", "b", "c"));
            MlpModel model = MlpModel.unnamed(setup.spec(), TrainingLoop.initialParams(setup, cfg), setup.preprocessor());
            Metrics[] m = {new Metrics(model.numClasses()), new Metrics(model.numClasses())};
            Predictor p = model.newPredictor(16);
            for (int k = 0; k < 2; k++) {
                for (List<DataBlock> part : data.get(k)) {
                    for (DataBlock b : part) {
                        p.evaluate(b, m[k]);
                    }
                }
            }
            m[0].toMap().forEach((key, v) -> {
                if (!key.equals("count") && !key.equals("weight")) {
                    assertEquals(v, m[1].toMap().get(key), 1e-12, key);
                }
            });
        }
    }

    @Test
    void aClassWeightOfTwoIsEveryRowOfThatClassTwice() {
        double[][] x = features();
        double[] y = labels(true);
        List<double[]> dx = new ArrayList<>(Arrays.asList(x));
        List<Double> dy = new ArrayList<>(Arrays.stream(y).boxed().toList());
        for (int i = 0; i < N; i++) {
            if (y[i] == 1) {
                dx.add(x[i]);
                dy.add(y[i]);
            }
        }
        List<List<DataBlock>> dup = LocalTrainer.partition(BlockBuilder.pack(dx.toArray(new double[0][]),
            dy.stream().mapToDouble(d -> d).toArray(), 16), 2);
        List<List<DataBlock>> plain = LocalTrainer.partition(BlockBuilder.pack(x, y, 16), 2);
        TrainConfig cfg = config(true, Precision.DOUBLE);
        TrainingSetup dupSetup = TrainingSetup.prepare(cfg, LocalTrainer.summarize(dup, 3), List.of("a", "b", "c"));
        TrainConfig weighted = cfg.toBuilder().classWeights(List.of(1.0, 2.0, 1.0)).build();
        TrainingSetup wSetup = new TrainingSetup(dupSetup.spec(), dupSetup.preprocessor(), dupSetup.plan(),
            dupSetup.numRows(), 0, 1, new double[] {1, 2, 1});
        double[] params = TrainingLoop.initialParams(dupSetup, cfg);
        GradientSum a = LocalTrainer.gradient(dupSetup, cfg, params, 0, dup);
        GradientSum b = LocalTrainer.gradient(wSetup, weighted, params, 0, plain);
        assertEquals(a.weightSum(), b.weightSum(), 0);
        for (int i = 0; i < params.length; i++) {
            assertEquals(a.grad()[i], b.grad()[i], 1e-10 * Math.abs(a.grad()[i]) + 1e-13, "parameter " + i);
        }
    }

    @Test
    void balancedClassWeightsAreTheTotalOverClassesTimesEachClasssTotal() {
        double[] y = new double[12];
        Arrays.fill(y, 0, 6, 0);
        Arrays.fill(y, 6, 9, 1);
        Arrays.fill(y, 9, 12, 2);
        double[][] x = new double[12][3];
        List<List<DataBlock>> parts = List.of(BlockBuilder.pack(x, y, 16));
        TrainConfig cfg = config(true, Precision.DOUBLE).toBuilder().balancedClassWeights(true).build();
        TrainingSetup setup = TrainingSetup.prepare(cfg, LocalTrainer.summarize(parts, 3), List.of("a", "b", "c"));
        assertArrayEquals(new double[] {12.0 / 18, 12.0 / 9, 12.0 / 9}, setup.classWeights(), 1e-15);
    }
}
