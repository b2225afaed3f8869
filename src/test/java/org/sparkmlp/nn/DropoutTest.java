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
import org.sparkmlp.model.MlpModel;
import org.sparkmlp.nn.loss.LossKind;
import org.sparkmlp.testutil.GradientCheck;
import org.sparkmlp.train.GradientSum;
import org.sparkmlp.train.LocalTrainer;
import org.sparkmlp.train.Precision;
import org.sparkmlp.train.TrainConfig;
import org.sparkmlp.train.TrainingSetup;

class DropoutTest {
    private static final ModelSpec SPEC = new ModelSpec(List.of(4, 7, 5, 3), Activation.TANH, Task.CLASSIFICATION,
        LossKind.CROSS_ENTROPY);

    private static Matrix batch(int rows, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Matrix x = new Matrix(rows, 4);
        for (int i = 0; i < x.data().length; i++) {
            x.data()[i] = rng.nextGaussian();
        }
        return x;
    }

    private static Matrix onehot(int rows) {
        Matrix y = new Matrix(rows, 3);
        for (int r = 0; r < rows; r++) {
            y.set(r, r % 3, 1);
        }
        return y;
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
        d.mask(11);
        Matrix ones = new Matrix(1000, 200);
        Arrays.fill(ones.data(), 1.0);
        double mean = Arrays.stream(d.forward(ones).data()).average().orElseThrow();
        assertEquals(1.0, mean, 0.01, "inverted dropout keeps the expected value");
    }

    @Test
    void theGradientWithAFixedMaskMatchesFiniteDifferences() {
        MLP net = MLP.fromFlat(SPEC, MLP.create(SPEC, 3).params().values(), 0.4);
        Matrix x = batch(6, 5);
        Matrix y = onehot(6);
        net.dropoutMasks(77);
        net.zeroGrad();
        net.lossAndBackward(x, y);
        double[] analytic = net.params().grads().clone();
        double[] w = net.params().values();
        GradientCheck.check(w, analytic, () -> {
            net.dropoutMasks(77);
            return net.loss(x, y);
        }, net.params()::nameOf);
        net.dropoutMasks(78);
        double other = net.loss(x, y);
        net.dropoutMasks(77);
        assertTrue(Math.abs(other - net.loss(x, y)) > 1e-9, "another seed drops other units");
    }

    @Test
    void singlePrecisionDrawsTheSameMasksAsTheDoubleNetwork() {
        double[] params = MLP.create(SPEC, 8).params().values();
        Matrix x = batch(16, 9);
        Matrix y = onehot(16);
        MLP ref = MLP.fromFlat(SPEC, params, 0.25);
        ref.dropoutMasks(1234);
        ref.zeroGrad();
        double loss = ref.lossAndBackward(x, y);
        FloatMLP f = new FloatMLP(SPEC, 16, 0.25);
        f.load(params);
        for (int i = 0; i < x.data().length; i++) {
            f.input()[i] = (float) x.data()[i];
        }
        for (int r = 0; r < 16; r++) {
            f.labels()[r] = r % 3;
        }
        f.dropoutMasks(1234);
        double floatLoss = f.lossAndBackward(16);
        double[] g = new double[params.length];
        f.drainGradients(g);
        double scale = Arrays.stream(ref.params().grads()).map(Math::abs).max().orElseThrow();
        for (int i = 0; i < g.length; i++) {
            assertEquals(ref.params().grads()[i], g[i], 2e-5 * scale, "parameter " + i);
        }
        assertEquals(loss, floatLoss, 1e-5 * loss);
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
        GradientSum plain = LocalTrainer.gradient(setup, noDropout, trained.params(), 5, parts);
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
        MLP plainNet = MLP.fromFlat(SPEC, trained.params());
        assertTrue(plainNet.layers().stream().noneMatch(l -> l instanceof Dropout), "a model has no dropout layer");
    }
}
