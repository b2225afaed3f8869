package org.sparkmlp.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sparkmlp.math.Matrix;
import org.sparkmlp.nn.loss.LossKind;
import org.sparkmlp.nn.loss.Targets;
import org.sparkmlp.testutil.Data;
import org.sparkmlp.testutil.GradientCheck;

/** Layers that hold layers: the residual block {@code x + f(x)}, written, built, laid out and differentiated. */
class ResidualTest {
    private final SplittableRandom rng = new SplittableRandom(21);

    @Test
    void aBlockIsWrittenWithTheLayersItHoldsAndReadBackTheSame() {
        String network = "linear:8,residual(linear:16,relu,dropout:0.1,linear:8),residual(layernorm,residual(tanh,"
            + "linear:8)),linear:3";
        List<LayerSpec> layers = LayerSpec.parseList(network);
        assertEquals(4, layers.size());
        LayerSpec block = layers.get(1);
        assertEquals("residual", block.type());
        assertEquals(List.of(LayerSpec.of("linear", 16), LayerSpec.of("relu"), LayerSpec.of("dropout", 0.1),
            LayerSpec.of("linear", 8)), block.layers());
        assertEquals("residual", layers.get(2).layers().get(1).type(), "a block inside a block");
        ModelSpec spec = new ModelSpec(5, layers, LossKind.CROSS_ENTROPY);
        assertEquals(network.replace("layernorm", "layernorm:1.0E-5") + ",softmax", spec.network());
        assertEquals(spec, new ModelSpec(5, LayerSpec.parseList(spec.network()), LossKind.CROSS_ENTROPY));
    }

    @Test
    void aMalformedBlockIsRefusedSayingWhatIsWrong() {
        assertRefused("linear:4,residual(linear:4,relu", "leaves 1 parenthesis open");
        assertRefused("linear:4,relu),linear:2", "closes a parenthesis it did not open");
        assertRefused("linear:4,residual(),linear:2", "holds no layers");
        assertRefused("linear:4,residual(linear:4)x,linear:2", "go in parentheses");
        IllegalArgumentException leaf = assertThrows(IllegalArgumentException.class,
            () -> new ModelSpec(3, LayerSpec.parseList("linear:4,relu(linear:4),linear:2"), LossKind.MSE));
        assertEquals("layer 2 (relu(linear:4)) of the network: layer relu holds no layers, got relu(linear:4)",
            leaf.getMessage());
        IllegalArgumentException width = assertThrows(IllegalArgumentException.class,
            () -> new ModelSpec(3, LayerSpec.parseList("linear:4,residual(linear:8,relu,linear:5),linear:2"),
                LossKind.MSE));
        assertEquals("layer 2 (residual(linear:8,relu,linear:5)) of the network: a residual block adds its layers' "
            + "output to its input, so they must end at its input width 4, got 5", width.getMessage());
        IllegalArgumentException inside = assertThrows(IllegalArgumentException.class,
            () -> new ModelSpec(3, LayerSpec.parseList("linear:4,residual(linear:4,dropout),linear:2"), LossKind.MSE));
        assertEquals("layer 2 (residual(linear:4,dropout)) of the network: layer 2 (dropout) of the residual block: "
            + "layer dropout needs its rate, for example dropout:0.2", inside.getMessage());
    }

    private static void assertRefused(String network, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LayerSpec.parseList(network));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void itsOutputIsItsInputPlusWhatItsLayersMakeOfIt() {
        ModelSpec spec = new ModelSpec(3, LayerSpec.parseList("residual(linear:5,tanh,linear:3)"), LossKind.MSE);
        MLP net = MLP.create(spec, 4);
        Residual block = (Residual) net.layers().get(0);
        Matrix x = Data.uniform(6, 3, 1.0, rng);
        Matrix branch = x;
        for (Layer l : block.layers()) {
            branch = l.forward(branch);
        }
        Matrix expected = branch.copy();
        for (int i = 0; i < expected.size(); i++) {
            expected.setAt(i, expected.at(i) + x.at(i));
        }
        assertArrayEquals(expected.data(), java.util.Arrays.copyOf(net.forward(x).data(), x.size()));
    }

    @Test
    void theParametersOfTheLayersItHoldsAreNamedInsideTheBlock() {
        ModelSpec spec = new ModelSpec(3, LayerSpec.parseList("linear:4,residual(linear:6,relu,linear:4),linear:2"),
            LossKind.MSE);
        List<String> names = MLP.of(spec, org.sparkmlp.math.Precision.DOUBLE).params().segments().stream()
            .map(FlatParams.Segment::name).toList();
        assertEquals(List.of("layer0.w", "layer0.b", "layer1.0.w", "layer1.0.b", "layer1.2.w", "layer1.2.b",
            "layer2.w", "layer2.b"), names);
        assertEquals(4 * 3 + 4 + 4 * 6 + 6 + 6 * 4 + 4 + 4 * 2 + 2, spec.numParams());
        assertEquals(4, spec.weightRanges().length, "weight decay reaches the weights inside the block");
    }

    /**
     * The whole network's gradient against central differences, a residual block first (where nobody reads its
     * input gradient), in the middle, and inside another one, with dropout acting in a training pass.
     */
    @ParameterizedTest
    @ValueSource(strings = {
        "residual(linear:6,tanh,linear:4),linear:3",
        "linear:5,residual(linear:7,gelu,dropout:0.3,linear:5),residual(layernorm,residual(tanh,linear:5)),linear:3",
        "linear:5,leakyrelu,residual(linear:5,sigmoid),linear:3"})
    void theNetworksGradientMatchesFiniteDifferences(String network) {
        ModelSpec spec = new ModelSpec(4, LayerSpec.parseList(network), LossKind.CROSS_ENTROPY);
        MLP net = MLP.create(spec, 17);
        for (FlatParams.Segment s : net.params().segments()) {
            if (s.name().endsWith(".b") || s.name().endsWith(".bias")) {
                for (int i = 0; i < s.length(); i++) {
                    net.params().values()[s.offset() + i] = 0.05 + 0.2 * rng.nextDouble() * (rng.nextBoolean() ? 1 : -1);
                }
            }
        }
        net.training(true);
        net.seed(5);
        Matrix x = Data.uniform(6, 4, 1.0, rng);
        Targets y = Targets.classes(Data.classes(6, 3, rng)).weights(Data.weights(6, rng));
        net.zeroGrad();
        net.lossAndBackward(x, y);
        FlatParams p = net.params();
        GradientCheck.check(p.values(), p.grads().clone(), () -> net.loss(x, y), p::nameOf);
    }

    @Test
    void aBlockFirstInTheNetworkSkipsTheInputGradientNobodyReads() {
        MLP net = MLP.create(new ModelSpec(3, LayerSpec.parseList("residual(linear:3,relu),linear:2"), LossKind.MSE), 2);
        Residual block = (Residual) net.layers().get(0);
        Matrix x = Data.uniform(4, 3, 1.0, rng);
        block.forward(x);
        assertNull(block.backward(Data.uniform(4, 3, 1.0, rng)));
        assertTrue(net.params().grads()[0] != 0 || net.params().grads()[1] != 0, "the parameters still get gradients");
    }
}
