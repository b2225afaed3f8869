package org.sparkmlp.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.sparkmlp.data.BlockBuilder;
import org.sparkmlp.data.DataBlock;
import org.sparkmlp.math.Matrix;
import org.sparkmlp.math.Precision;
import org.sparkmlp.model.MlpModel;
import org.sparkmlp.nn.loss.LossKind;
import org.sparkmlp.nn.loss.Targets;
import org.sparkmlp.testutil.GradientCheck;
import org.sparkmlp.train.GradientSum;
import org.sparkmlp.train.LocalTrainer;
import org.sparkmlp.train.TrainConfig;
import org.sparkmlp.train.TrainingSetup;

class DropoutTest {
    private static final ModelSpec SPEC = ModelSpec.of(List.of(4, 7, 5, 3), "tanh", LossKind.CROSS_ENTROPY, 0.4);

    private static Matrix batch(int rows, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Matrix x = new Matrix(rows, 4);
        for (int i = 0; i < x.data().length; i++) {
            x.data()[i] = rng.nextGaussian();
        }
        return x;
    }

    private static Targets classes(int rows) {
        int[] c = new int[rows];
        for (int r = 0; r < rows; r++) {
            c[r] = r % 3;
        }
        return Targets.classes(c);
    }

    @Test
    void keepsOneMinusTheRateOfUnitsAndPreservesTheMeanOnAverage() {
        boolean[] keep = Dropout.draw(11, 0.3, 200_000, new boolean[0]);
        long kept = 0;
        for (boolean k : keep) {
            kept += k ? 1 : 0;
        }
        assertEquals(0.7, kept / 200_000.0, 0.005);
        Dropout d = new Dropout(0.3);
        d.training(true);
        d.seed(11);
        Matrix ones = new Matrix(1000, 200);
        Arrays.fill(ones.data(), 1.0);
        double mean = Arrays.stream(d.forward(ones).data()).average().orElseThrow();
        assertEquals(1.0, mean, 0.01, "inverted dropout keeps the expected value");
    }

    @Test
    void theGradientWithAFixedMaskMatchesFiniteDifferences() {
        MLP net = MLP.create(SPEC, 3).training(true);
        Matrix x = batch(6, 5);
        Targets y = classes(6);
        net.seed(77);
        net.zeroGrad();
        net.lossAndBackward(x, y);
        double[] analytic = net.params().grads().clone();
        double[] w = net.params().values();
        GradientCheck.check(w, analytic, () -> net.loss(x, y), net.params()::nameOf);
        net.seed(78);
        double other = net.loss(x, y);
        net.seed(77);
        assertTrue(Math.abs(other - net.loss(x, y)) > 1e-9, "another seed drops other units");
    }

    @Test
    void singlePrecisionDrawsTheSameMasksAsDoublePrecision() {
        double[] params = MLP.create(SPEC, 8).params().values();
        Matrix x = batch(16, 9);
        MLP ref = MLP.fromFlat(SPEC, params).training(true);
        ref.seed(1234);
        MLP f = MLP.fromFlat(SPEC, Precision.FLOAT, params).training(true);
        f.seed(1234);
        Matrix refOut = ref.forward(x);
        Matrix floatOut = f.forward(x.to(Precision.FLOAT));
        Matrix refHidden = ref.layers().get(2).forward(ref.layers().get(1).forward(ref.layers().get(0).forward(x)));
        Matrix floatHidden = f.layers().get(2).forward(f.layers().get(1).forward(f.layers().get(0)
            .forward(x.to(Precision.FLOAT))));
        for (int i = 0; i < refHidden.size(); i++) {
            assertEquals(refHidden.at(i) == 0, floatHidden.at(i) == 0, "element " + i + " dropped in one precision only");
        }
        for (int i = 0; i < refOut.size(); i++) {
            assertEquals(refOut.at(i), floatOut.at(i), 1e-5, "probability " + i);
        }
    }

    @Test
    void predictionsNeverDropAndTrainingPassesDropTheSameWayEveryTime() {
        double[][] xs = new double[64][4];
        double[] ys = new double[64];
        SplittableRandom rng = new SplittableRandom(2);
        for (int i = 0; i < 64; i++) {
            for (int j = 0; j < 4; j++) {
                xs[i][j] = rng.nextGaussian();
            }
            ys[i] = i % 3;
        }
        List<List<DataBlock>> parts = LocalTrainer.partition(BlockBuilder.pack(xs, ys, 16), 2);
        TrainConfig cfg = TrainConfig.builder().layers(4, 7, 5, 3).activation("tanh").epochs(3).batchSize(16)
            .dropout(0.5).precision(Precision.DOUBLE).build();
        MlpModel trained = LocalTrainer.fit(cfg, List.of("a", "b", "c", "d"), parts);
        TrainingSetup setup = TrainingSetup.prepare(cfg, LocalTrainer.summarize(parts, 4), List.of("a", "b", "c", "d"));

        GradientSum once = LocalTrainer.gradient(setup, cfg, trained.params(), 5, parts);
        GradientSum again = LocalTrainer.gradient(setup, cfg, trained.params(), 5, parts);
        assertArrayEquals(once.grad(), again.grad(), "the same iteration draws the same masks");
        GradientSum next = LocalTrainer.gradient(setup, cfg, trained.params(), 6, parts);
        TrainConfig noDropout = cfg.toBuilder().dropout(0).build();
        TrainingSetup plainSetup = TrainingSetup.prepare(noDropout, LocalTrainer.summarize(parts, 4),
            List.of("a", "b", "c", "d"));
        GradientSum plain = LocalTrainer.gradient(plainSetup, noDropout, trained.params(), 5, parts);
        assertFalse(Arrays.equals(once.grad(), plain.grad()), "training passes drop units");
        assertFalse(Arrays.equals(once.grad(), next.grad()), "each iteration draws new masks");

        var predictor = trained.newPredictor(8);
        Matrix x = batch(8, 3);
        for (int r = 0; r < 8; r++) {
            predictor.setRow(r, Arrays.copyOfRange(x.data(), r * 4, r * 4 + 4));
        }
        double[] first = predictor.run(8).data().clone();
        double[] second = predictor.run(8).data().clone();
        assertArrayEquals(first, second, "prediction is deterministic: no dropout");
        MLP withoutDropout = MLP.fromFlat(ModelSpec.of(List.of(4, 7, 5, 3), "tanh", LossKind.CROSS_ENTROPY),
            trained.params());
        Matrix scaled = new Matrix(8, 4);
        for (int r = 0; r < 8; r++) {
            trained.preprocessor().scaler().features(Arrays.copyOfRange(x.data(), r * 4, r * 4 + 4), scaled, r);
        }
        assertArrayEquals(withoutDropout.forward(scaled).data(), first, "at prediction dropout passes its input through");
    }
}
