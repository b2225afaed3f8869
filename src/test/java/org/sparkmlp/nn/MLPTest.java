package org.sparkmlp.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.sparkmlp.math.Matrix;
import org.sparkmlp.nn.loss.CrossEntropy;
import org.sparkmlp.nn.loss.LossKind;
import org.sparkmlp.nn.loss.Targets;
import org.sparkmlp.testutil.Data;
import org.sparkmlp.testutil.GradientCheck;

class MLPTest {
    private final SplittableRandom rng = new SplittableRandom(345);

    static List<String> activations() {
        return Layers.activations();
    }

    private void checkWholeNetwork(MLP net, Matrix x, Targets y) {
        // Biases start at exactly 0; behind a dead ReLU unit that puts pre-activations on ReLU's kink,
        // where the derivative is one-sided. Non-zero biases keep the check on differentiable ground.
        for (FlatParams.Segment s : net.params().segments()) {
            if (s.name().endsWith(".b") || s.name().endsWith(".bias")) {
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
    @MethodSource("activations")
    void classifierGradientMatchesFiniteDifferences(String activation) {
        ModelSpec spec = ModelSpec.of(List.of(3, 5, 4, 3), activation, LossKind.CROSS_ENTROPY);
        MLP net = MLP.create(spec, 11);
        checkWholeNetwork(net, Data.uniform(4, 3, 1.0, rng),
            Targets.classes(Data.classes(4, 3, rng)).weights(Data.weights(4, rng)));
    }

    @Test
    void multiLabelGradientMatchesFiniteDifferencesThroughTheSigmoidTheLossTakesOver() {
        ModelSpec spec = ModelSpec.of(List.of(3, 5, 4), "tanh", LossKind.BINARY_CROSS_ENTROPY);
        assertEquals("sigmoid", spec.layers().get(spec.layers().size() - 1).type(),
            "binary cross-entropy ends the network in its sigmoid");
        for (boolean weighted : new boolean[] {false, true}) {
            MLP net = MLP.create(spec, 13);
            Matrix y = new Matrix(6, 4);
            for (int i = 0; i < y.size(); i++) {
                y.setAt(i, rng.nextBoolean() ? 1 : 0);
            }
            checkWholeNetwork(net, Data.uniform(6, 3, 1.0, rng),
                Targets.values(y).weights(weighted ? Data.weights(6, rng) : null));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mse", "mae", "huber"})
    void regressorGradientMatchesFiniteDifferences(String name) {
        LossKind loss = LossKind.fromName(name);
        for (boolean weighted : new boolean[] {false, true}) {
            ModelSpec spec = ModelSpec.of(List.of(3, 4, 2), "tanh", loss);
            MLP net = MLP.create(spec, 11);
            Matrix x = Data.uniform(4, 3, 1.0, rng);
            // Targets far from any output, so MAE's residuals never cross 0 under a 1e-5 nudge.
            Matrix y = Data.uniform(4, 2, 1.0, rng);
            for (int i = 0; i < 8; i++) {
                y.data()[i] += y.data()[i] > 0 ? 5 : -5;
            }
            checkWholeNetwork(net, x, Targets.values(y).weights(weighted ? Data.weights(4, rng) : null));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"linear:6,gelu,layernorm,linear:5,leakyrelu:0.1,linear:3",
        "layernorm,linear:5,dropout:0.4,tanh,linear:4,sigmoid,linear:3", "linear:4,relu,layernorm:0.001,linear:3,softmax"})
    void networksOfEveryLayerTypeMatchFiniteDifferences(String network) {
        ModelSpec spec = new ModelSpec(4, LayerSpec.parseList(network), LossKind.CROSS_ENTROPY);
        MLP net = MLP.create(spec, 5).training(true);
        net.seed(123);
        checkWholeNetwork(net, Data.uniform(6, 4, 1.5, rng),
            Targets.classes(Data.classes(6, 3, rng)).weights(Data.weights(6, rng)));
    }

    @Test
    void separateSoftmaxAndCrossEntropyGiveTheFusedGradient() {
        ModelSpec spec = ModelSpec.of(List.of(3, 4, 3), "sigmoid", LossKind.CROSS_ENTROPY);
        MLP fused = MLP.create(spec, 3);
        // The same layers before a loss that does not take the softmax over: the Jacobian path runs.
        CrossEntropy inner = new CrossEntropy(0);
        org.sparkmlp.nn.loss.Loss unfused = new org.sparkmlp.nn.loss.Loss() {
            public double forward(Matrix p, Targets t) {
                return inner.forward(p, t);
            }

            public Matrix backward() {
                return inner.backward();
            }

            public double[] rowLosses() {
                return inner.rowLosses();
            }

            public String name() {
                return "cross-entropy (unfused)";
            }

            public Task task() {
                return Task.CLASSIFICATION;
            }
        };
        MLP separate = new MLP(spec.buildLayers(), unfused);
        separate.params().load(fused.params().values());

        Matrix x = Data.uniform(6, 3, 1.0, rng);
        Targets y = Targets.classes(Data.classes(6, 3, rng)).weights(Data.weights(6, rng));
        fused.zeroGrad();
        separate.zeroGrad();
        assertEquals(fused.lossAndBackward(x, y), separate.lossAndBackward(x, y), 1e-12);
        assertArrayEquals(fused.params().grads(), separate.params().grads(), 1e-12);
    }

    @Test
    void aRowOfWeightTwoCountsAsTheRowTwice() {
        ModelSpec spec = ModelSpec.of(List.of(3, 5, 3), "relu", LossKind.CROSS_ENTROPY);
        Matrix x = Data.uniform(3, 3, 1.0, rng);
        int[] c = Data.classes(3, 3, rng);
        MLP weighted = MLP.create(spec, 2);
        weighted.zeroGrad();
        double a = weighted.lossAndBackward(x, Targets.classes(c).weights(new double[] {1, 2, 1}));
        Matrix twice = new Matrix(4, 3);
        System.arraycopy(x.data(), 0, twice.data(), 0, 9);
        System.arraycopy(x.data(), 3, twice.data(), 9, 3);
        MLP duplicated = MLP.create(spec, 2);
        duplicated.zeroGrad();
        double b = duplicated.lossAndBackward(twice, Targets.classes(c[0], c[1], c[2], c[1]));
        assertEquals(b, a, 1e-12);
        assertArrayEquals(duplicated.params().grads(), weighted.params().grads(), 1e-12);
    }

    @Test
    void theSpecCompletesAndChecksTheNetwork() {
        ModelSpec spec = new ModelSpec(4, LayerSpec.parseList("linear:8,leakyrelu,dropout:0.2,linear:3"),
            LossKind.CROSS_ENTROPY);
        assertEquals("linear:8,leakyrelu:0.01,dropout:0.2,linear:3,softmax", spec.network());
        assertEquals(3, spec.outputDim());
        assertEquals(4 * 8 + 8 + 8 * 3 + 3, spec.numParams());
        assertArrayEquals(new int[][] {{0, 32}, {40, 64}}, spec.weightRanges());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new ModelSpec(4, LayerSpec.parseList("linear:8,swish,linear:3"), LossKind.MSE));
        assertTrue(e.getMessage().contains("layer 2 (swish)") && e.getMessage().contains("gelu"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
            () -> new ModelSpec(4, LayerSpec.parseList("linear,relu,linear:3"), LossKind.MSE));
        assertTrue(e.getMessage().contains("linear:128"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
            () -> new ModelSpec(4, LayerSpec.parseList("linear:8,dropout:1.5,linear:3"), LossKind.MSE));
        assertTrue(e.getMessage().contains("dropout"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
            () -> new ModelSpec(4, LayerSpec.parseList("linear:2.5,linear:3"), LossKind.MSE));
        assertTrue(e.getMessage().contains("whole number"), e.getMessage());
    }

    @Test
    void theShorthandIsTheNetworkOfLinearLayersAndActivations() {
        assertEquals("linear:128,relu,dropout:0.5,linear:10,softmax",
            ModelSpec.of(List.of(784, 128, 10), "relu", LossKind.CROSS_ENTROPY, 0.5).network());
        assertEquals("linear:1", ModelSpec.of(List.of(3, 1), "tanh", LossKind.MSE).network());
    }

    @Test
    void sameSeedSameWeightsOtherSeedOtherWeights() {
        ModelSpec spec = ModelSpec.of(List.of(4, 8, 3), "relu", LossKind.CROSS_ENTROPY);
        assertArrayEquals(MLP.create(spec, 42).params().values(), MLP.create(spec, 42).params().values());
        assertTrue(!java.util.Arrays.equals(MLP.create(spec, 42).params().values(),
            MLP.create(spec, 43).params().values()));
    }

    @Test
    void heInitialisationHasTheExpectedSpread() {
        ModelSpec spec = ModelSpec.of(List.of(400, 300, 2), "relu", LossKind.CROSS_ENTROPY);
        double[] w = MLP.create(spec, 1).params().values();
        double sumSq = 0;
        for (int i = 0; i < 400 * 300; i++) {
            sumSq += w[i] * w[i];
        }
        double std = Math.sqrt(sumSq / (400 * 300));
        assertEquals(Math.sqrt(2.0 / 400), std, 0.01 * Math.sqrt(2.0 / 400));
    }

    @Test
    void layerNormStartsAsTheIdentityScale() {
        ModelSpec spec = new ModelSpec(3, LayerSpec.parseList("linear:4,layernorm,linear:2"), LossKind.MSE);
        MLP net = MLP.create(spec, 1);
        FlatParams.Segment gain = net.params().segments().get(2);
        assertEquals("layer1.gain", gain.name());
        for (int i = 0; i < 4; i++) {
            assertEquals(1.0, net.params().values()[gain.offset() + i]);
            assertEquals(0.0, net.params().values()[gain.offset() + 4 + i]);
        }
    }

    @Test
    void fromFlatChecksTheLength() {
        ModelSpec spec = ModelSpec.of(List.of(784, 128, 10), "relu", LossKind.CROSS_ENTROPY);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> MLP.fromFlat(spec, new double[100]));
        assertTrue(e.getMessage().contains("100") && e.getMessage().contains(String.valueOf(spec.numParams())),
            e.getMessage());
    }

    @Test
    void stepIsPlainGradientDescentOnTheFlatVector() {
        ModelSpec spec = ModelSpec.of(List.of(2, 3, 1), "tanh", LossKind.MSE);
        MLP net = MLP.create(spec, 5);
        Matrix x = Data.uniform(3, 2, 1.0, rng);
        Targets y = Targets.values(Data.uniform(3, 1, 1.0, rng));
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
        ModelSpec spec = ModelSpec.of(List.of(2, 8, 2), "tanh", LossKind.CROSS_ENTROPY);
        MLP net = MLP.create(spec, 1);
        Matrix x = Matrix.of(new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}});
        Targets y = Targets.classes(0, 1, 1, 0);
        double first = net.loss(x, y);
        for (int i = 0; i < 2000; i++) {
            net.zeroGrad();
            net.lossAndBackward(x, y);
            net.step(0.5 / 4);
        }
        Matrix p = net.forward(x);
        for (int r = 0; r < 4; r++) {
            assertEquals(y.classes()[r], p.argmax(r), "XOR row " + r);
        }
        assertTrue(net.loss(x, y) < first / 10, "loss " + first + " -> " + net.loss(x, y));
    }
}
