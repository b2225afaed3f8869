package org.sparkmlp.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sparkmlp.math.Matrix;
import org.sparkmlp.math.Precision;
import org.sparkmlp.nn.loss.LossKind;
import org.sparkmlp.nn.loss.Targets;
import org.sparkmlp.testutil.Data;

/**
 * A hidden activation fused into the linear layer before it computes what the two layers compute one after
 * the other: the same outputs, loss and gradients, bit for bit, in both precisions.
 */
class FusedActivationTest {
    private static final int ROWS = 37;
    private static final int INPUTS = 19;

    private static MLP network(String layers, Precision precision, boolean fuse) {
        LossKind loss = layers.endsWith("1,sigmoid") ? LossKind.BINARY_CROSS_ENTROPY : LossKind.CROSS_ENTROPY;
        ModelSpec spec = new ModelSpec(INPUTS, LayerSpec.parseList(layers), loss);
        MLP reference = MLP.create(spec, 5);
        MLP net = new MLP(spec.buildLayers(), spec.loss().create(), precision, fuse);
        net.params().load(reference.params().values());
        return net.training(true);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "'linear:33,relu,linear:17,sigmoid,linear:4,softmax', FLOAT",
        "'linear:33,relu,linear:17,sigmoid,linear:4,softmax', DOUBLE",
        "'linear:16,leakyrelu,dropout:0.3,linear:64,tanh,linear:3,softmax', FLOAT",
        "'linear:16,leakyrelu,dropout:0.3,linear:64,tanh,linear:3,softmax', DOUBLE",
        "'linear:20,gelu,linear:10,relu,linear:5,softmax', FLOAT",
        "'linear:12,tanh,linear:1,sigmoid', FLOAT",
        "'linear:12,tanh,linear:1,sigmoid', DOUBLE"})
    void fusedAndUnfusedGiveTheSameBits(String layers, Precision precision) {
        SplittableRandom rng = new SplittableRandom(3);
        Matrix x = Data.uniform(precision, ROWS, INPUTS, 3.0, rng);
        int outputs = Integer.parseInt(layers.replaceAll(".*linear:(\\d+),[a-z]+$", "$1"));
        int[] classes = rng.ints(ROWS, 0, Math.max(2, outputs)).toArray();
        Matrix bits = new Matrix(precision, ROWS, 1);
        for (int r = 0; r < ROWS; r++) {
            bits.setAt(r, classes[r]);
        }
        Targets targets = outputs == 1 ? Targets.values(bits) : Targets.classes(classes);
        MLP fused = network(layers, precision, true);
        MLP plain = network(layers, precision, false);
        for (int pass = 0; pass < 2; pass++) {
            fused.seed(11 + pass);
            plain.seed(11 + pass);
            double a = fused.lossAndBackward(x, targets);
            double b = plain.lossAndBackward(x, targets);
            assertEquals(b, a, 0.0, "loss, pass " + pass);
        }
        double[] plainGrads = new double[plain.params().size()];
        double[] fusedGrads = new double[fused.params().size()];
        plain.params().drainGrads(plainGrads);
        fused.params().drainGrads(fusedGrads);
        assertArrayEquals(plainGrads, fusedGrads, "summed gradients");
        assertArrayEquals(plain.forward(x).to(Precision.DOUBLE).data(), fused.forward(x).to(Precision.DOUBLE).data(), "outputs");
        assertArrayEquals(plain.logits().to(Precision.DOUBLE).data(), fused.logits().to(Precision.DOUBLE).data(), "logits");
    }
}
