package org.sparkmlp.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sparkmlp.math.Matrix;
import org.sparkmlp.math.Precision;
import org.sparkmlp.nn.loss.LossKind;
import org.sparkmlp.nn.loss.Targets;
import org.sparkmlp.testutil.Data;

/**
 * The same network in float32 and in float64, on the same rows, weights and dropout masks: the loss and
 * every gradient element agree to float rounding. The cases are generated: every registered activation ×
 * every loss × dropout on and off × row weights on and off, plus every other layer type in a network of
 * its own, so a new layer type is covered without editing this test.
 */
class PrecisionParityTest {
    /**
     * A gradient element of a few hundred rows' sum, through three layers in float32, agrees with float64
     * to this relative error, or to {@link #ABS} where cancellation leaves it near zero.
     */
    private static final double REL = 2e-4;
    private static final double ABS = 2e-5;

    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> cases = Stream.builder();
        for (String activation : Layers.activations()) {
            for (LossKind loss : LossKind.values()) {
                for (boolean dropout : new boolean[] {false, true}) {
                    for (boolean weighted : new boolean[] {false, true}) {
                        String network = "linear:16," + activation + (dropout ? ",dropout:0.25" : "") + ",linear:9,"
                            + activation + (dropout ? ",dropout:0.25" : "") + ",linear:" + (loss.task().classIndices() ? 4 : 2);
                        cases.add(Arguments.of(network, loss, weighted));
                    }
                }
            }
        }
        cases.add(Arguments.of("residual(linear:9,gelu,dropout:0.25,linear:7),linear:12,residual(layernorm,linear:12),"
            + "linear:4", LossKind.CROSS_ENTROPY, true));
        for (String type : Layers.builtIn()) {
            if (Layers.type(type).holdsLayers()) {
                cases.add(Arguments.of("linear:12," + type + "(linear:5,tanh,linear:12),tanh,linear:4",
                    LossKind.CROSS_ENTROPY, true));
                cases.add(Arguments.of("linear:12," + type + "(tanh,dropout:0.25,linear:12),linear:2", LossKind.MSE,
                    true));
            } else if (!Layers.type(type).activation() && !type.equals("linear") && !type.equals("dropout")) {
                cases.add(Arguments.of("linear:12," + type + ",tanh,linear:4", LossKind.CROSS_ENTROPY, true));
                cases.add(Arguments.of("linear:12," + type + ",tanh,linear:2", LossKind.MSE, true));
            }
        }
        return cases.build();
    }

    @ParameterizedTest(name = "{0} {1} weighted {2}")
    @MethodSource("cases")
    void floatAgreesWithDoubleElementByElement(String network, LossKind loss, boolean weighted) {
        ModelSpec spec = new ModelSpec(7, LayerSpec.parseList(network), loss);
        int rows = 300;
        SplittableRandom rng = new SplittableRandom(8);
        Matrix x = Data.uniform(Precision.FLOAT, rows, 7, 2.0, rng);
        Targets yDouble;
        Targets yFloat;
        if (loss.task().classIndices()) {
            int[] c = Data.classes(rows, spec.outputDim(), rng);
            yDouble = Targets.classes(c);
            yFloat = Targets.classes(c);
        } else if (loss.task() == Task.MULTI_LABEL) {
            Matrix y = new Matrix(Precision.FLOAT, rows, spec.outputDim());
            for (int i = 0; i < y.size(); i++) {
                y.setAt(i, rng.nextBoolean() ? 1 : 0);
            }
            yDouble = Targets.values(y.to(Precision.DOUBLE));
            yFloat = Targets.values(y);
        } else {
            Matrix y = Data.uniform(Precision.FLOAT, rows, spec.outputDim(), 3.0, rng);
            yDouble = Targets.values(y.to(Precision.DOUBLE));
            yFloat = Targets.values(y);
        }
        if (weighted) {
            double[] w = Data.weights(rows, rng);
            for (int r = 0; r < rows; r++) {
                w[r] = (float) w[r];
            }
            yDouble.weights(w);
            yFloat.weights(w);
        }
        // Weights a float can hold exactly, so both networks start from the same point.
        double[] params = MLP.create(spec, 21).params().values();
        for (int i = 0; i < params.length; i++) {
            params[i] = (float) params[i];
        }
        MLP reference = MLP.fromFlat(spec, Precision.DOUBLE, params).training(true);
        MLP fast = MLP.fromFlat(spec, Precision.FLOAT, params).training(true);
        reference.seed(5);
        fast.seed(5);
        double expectedLoss = reference.lossAndBackward(x.to(Precision.DOUBLE), yDouble);
        double actualLoss = fast.lossAndBackward(x, yFloat);
        double[] grad = new double[params.length];
        fast.params().drainGrads(grad);

        assertEquals(expectedLoss, actualLoss, REL * Math.abs(expectedLoss), "summed loss");
        double[] expected = reference.params().grads();
        assertTrue(java.util.Arrays.stream(expected).anyMatch(v -> Math.abs(v) > 10 * ABS), "a gradient to compare");
        for (int i = 0; i < expected.length; i++) {
            int at = i;
            assertEquals(expected[i], grad[i], REL * Math.abs(expected[i]) + ABS, () -> reference.params().nameOf(at));
        }
        double[] again = new double[params.length];
        fast.params().drainGrads(again);
        assertTrue(java.util.Arrays.stream(again).allMatch(v -> v == 0.0), "the float gradients were drained");
    }

}
