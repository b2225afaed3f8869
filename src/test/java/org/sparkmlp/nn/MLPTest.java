package org.sparkmlp.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sparkmlp.math.Matrix;
import org.sparkmlp.nn.loss.CrossEntropy;
import org.sparkmlp.nn.loss.LossKind;
import org.sparkmlp.testutil.Data;
import org.sparkmlp.testutil.GradientCheck;

class MLPTest {
    private final SplittableRandom rng = new SplittableRandom(345);

    private void checkWholeNetwork(MLP net, Matrix x, Matrix y) {
        // Biases start at exactly 0; behind a dead ReLU unit that puts pre-activations on ReLU's kink,
        // where the derivative is one-sided. Non-zero biases keep the check on differentiable ground.
        for (FlatParams.Segment s : net.params().segments()) {
            if (s.name().endsWith(".b")) {
                for (int i = 0; i < s.length(); i++) {
                    double v = 0.05 + 0.15 * rng.nextDouble();
                    net.params().values()[s.offset() + i] = rng.nextBoolean() ? v : -v;
                }
            }
        }
        net.zeroGrad();
        net.lossAndBackward(x, y);
        FlatParams p = net.params();
        GradientCheck.check(p.values(), p.grads().clone(), () -> net.loss(x, y), p::nameOf);
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void classifierGradientMatchesFiniteDifferences(Activation activation) {
        ModelSpec spec = new ModelSpec(List.of(3, 5, 4, 3), activation, Task.CLASSIFICATION, LossKind.CROSS_ENTROPY);
        MLP net = MLP.create(spec, 11);
        checkWholeNetwork(net, Data.uniform(4, 3, 1.0, rng), Data.oneHot(4, 3, rng));
    }

    @ParameterizedTest
    @EnumSource(value = LossKind.class, names = {"MSE", "MAE"})
    void regressorGradientMatchesFiniteDifferences(LossKind loss) {
        ModelSpec spec = new ModelSpec(List.of(3, 4, 2), Activation.TANH, Task.REGRESSION, loss);
        MLP net = MLP.create(spec, 11);
        Matrix x = Data.uniform(4, 3, 1.0, rng);
        // Targets far from any output, so MAE's residuals never cross 0 under a 1e-5 nudge.
        Matrix y = Data.uniform(4, 2, 1.0, rng);
        for (int i = 0; i < 8; i++) {
            y.data()[i] += y.data()[i] > 0 ? 5 : -5;
        }
        checkWholeNetwork(net, x, y);
    }

    @Test
    void separateSoftmaxAndCrossEntropyGiveTheFusedGradient() {
        ModelSpec spec = new ModelSpec(List.of(3, 4, 3), Activation.SIGMOID, Task.CLASSIFICATION, LossKind.CROSS_ENTROPY);
        MLP fused = MLP.create(spec, 3);
        Softmax last = new Softmax();
        // Same layers, but a loss object that is not CrossEntropy's class: the Jacobian path runs.
        CrossEntropy inner = new CrossEntropy(0);
        org.sparkmlp.nn.loss.Loss wrapped = new org.sparkmlp.nn.loss.Loss() {
            public double forward(Matrix p, Matrix t) {
                return inner.forward(p, t);
            }

            public Matrix backward() {
                return inner.backward();
            }

            public String name() {
                return "cross-entropy (unfused)";
            }
        };
        List<Layer> layers = spec.buildLayers();
        layers.set(layers.size() - 1, last);
        MLP separate = new MLP(layers, wrapped);
        separate.params().load(fused.params().values());

        Matrix x = Data.uniform(6, 3, 1.0, rng);
        Matrix y = Data.oneHot(6, 3, rng);
        fused.zeroGrad();
        separate.zeroGrad();
        assertEquals(fused.lossAndBackward(x, y), separate.lossAndBackward(x, y), 1e-12);
        assertArrayEquals(fused.params().grads(), separate.params().grads(), 1e-12);
    }

    @Test
    void theSoftmaxsLogSumExpGivesTheSameLossAsRecomputingIt() {
        Softmax softmax = new Softmax();
        Matrix z = Matrix.of(new double[][] {{1000, -1000, 0}, {-1000, 1000, 0}, {0.5, 0.25, -2}});
        Matrix y = Matrix.of(new double[][] {{0, 1, 0}, {0, 1, 0}, {0, 0, 1}});
        Matrix p = softmax.forward(z);
        Matrix dzStored = new Matrix(3, 3);
        Matrix dzRecomputed = new Matrix(3, 3);
        double stored = CrossEntropy.fromLogits(z, p, softmax.logSumExp(), y, dzStored);
        double recomputed = CrossEntropy.fromLogits(z, p, y, dzRecomputed);
        assertEquals(recomputed, stored, 1e-12 * recomputed);
        assertArrayEquals(dzRecomputed.data(), dzStored.data(), 0.0);
        assertTrue(Double.isFinite(stored) && stored > 2000, "row 0 costs 2000 nats: " + stored);
    }

    @Test
    void sameSeedSameWeightsOtherSeedOtherWeights() {
        ModelSpec spec = new ModelSpec(List.of(4, 8, 3), Activation.RELU, Task.CLASSIFICATION, LossKind.CROSS_ENTROPY);
        assertArrayEquals(MLP.create(spec, 42).params().values(), MLP.create(spec, 42).params().values());
        assertTrue(!java.util.Arrays.equals(MLP.create(spec, 42).params().values(),
            MLP.create(spec, 43).params().values()));
    }

    @Test
    void heInitialisationHasTheExpectedSpread() {
        ModelSpec spec = new ModelSpec(List.of(400, 300, 2), Activation.RELU, Task.CLASSIFICATION, LossKind.CROSS_ENTROPY);
        double[] w = MLP.create(spec, 1).params().values();
        double sumSq = 0;
        for (int i = 0; i < 400 * 300; i++) {
            sumSq += w[i] * w[i];
        }
        double std = Math.sqrt(sumSq / (400 * 300));
        assertEquals(Math.sqrt(2.0 / 400), std, 0.01 * Math.sqrt(2.0 / 400));
    }

    @Test
    void fromFlatChecksTheLength() {
        ModelSpec spec = new ModelSpec(List.of(784, 128, 10), Activation.RELU, Task.CLASSIFICATION, LossKind.CROSS_ENTROPY);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> MLP.fromFlat(spec, new double[100]));
        assertTrue(e.getMessage().contains("100") && e.getMessage().contains(String.valueOf(spec.numParams())),
            e.getMessage());
    }

    @Test
    void stepIsPlainGradientDescentOnTheFlatVector() {
        ModelSpec spec = new ModelSpec(List.of(2, 3, 1), Activation.TANH, Task.REGRESSION, LossKind.MSE);
        MLP net = MLP.create(spec, 5);
        Matrix x = Data.uniform(3, 2, 1.0, rng);
        Matrix y = Data.uniform(3, 1, 1.0, rng);
        net.zeroGrad();
        net.lossAndBackward(x, y);
        double[] before = net.params().values().clone();
        double[] g = net.params().grads().clone();
        net.step(0.1);
        for (int i = 0; i < before.length; i++) {
            assertEquals(before[i] - 0.1 * g[i], net.params().values()[i], 1e-15);
        }
    }

    @Test
    void gradientDescentDrivesTheLossDownOnXor() {
        ModelSpec spec = new ModelSpec(List.of(2, 8, 2), Activation.TANH, Task.CLASSIFICATION, LossKind.CROSS_ENTROPY);
        MLP net = MLP.create(spec, 1);
        Matrix x = Matrix.of(new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}});
        Matrix y = Matrix.of(new double[][] {{1, 0}, {0, 1}, {0, 1}, {1, 0}});
        double first = net.loss(x, y);
        for (int i = 0; i < 2000; i++) {
            net.zeroGrad();
            net.lossAndBackward(x, y);
            net.step(0.5 / 4);
        }
        Matrix p = net.forward(x);
        for (int r = 0; r < 4; r++) {
            int predicted = p.get(r, 1) > p.get(r, 0) ? 1 : 0;
            assertEquals(y.get(r, 1) == 1 ? 1 : 0, predicted, "XOR row " + r);
        }
        assertTrue(net.loss(x, y) < first / 10, "loss " + first + " -> " + net.loss(x, y));
    }
}
