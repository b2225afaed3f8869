package org.sparkmlp.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sparkmlp.math.Matrix;
import org.sparkmlp.nn.loss.LossKind;

/** The single-precision gradient pass against the double-precision reference network. */
class FloatMLPTest {
    /** Float rounding over sums of a few hundred products: relative to the largest gradient element. */
    private static final double FLOAT_REL = 2e-5;

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({
        "relu, classification, cross-entropy", "sigmoid, classification, cross-entropy",
        "tanh, classification, cross-entropy", "relu, regression, mse", "tanh, regression, mae"})
    void floatGradientEqualsTheDoubleReferenceToFloatRounding(String activation, String task, String loss) {
        boolean classification = task.equals("classification");
        int out = classification ? 4 : 2;
        ModelSpec spec = new ModelSpec(List.of(7, 16, 9, out), Activation.fromName(activation),
            Task.valueOf(task.toUpperCase(java.util.Locale.ROOT)), LossKind.fromName(loss));
        MLP reference = MLP.create(spec, 21);
        int rows = 300;
        SplittableRandom rng = new SplittableRandom(8);
        Matrix x = new Matrix(rows, 7);
        Matrix y = new Matrix(rows, out);
        FloatMLP fast = new FloatMLP(spec, rows);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < 7; j++) {
                float v = (float) (rng.nextGaussian() * 2);
                x.set(r, j, v);
                fast.input()[r * 7 + j] = v;
            }
            if (classification) {
                int c = rng.nextInt(out);
                y.set(r, c, 1.0);
                fast.labels()[r] = c;
            } else {
                for (int j = 0; j < out; j++) {
                    float v = (float) (rng.nextGaussian() * 3);
                    y.set(r, j, v);
                    fast.targets()[r * out + j] = v;
                }
            }
        }
        reference.zeroGrad();
        double expectedLoss = reference.lossAndBackward(x, y);
        fast.load(reference.params().values());
        double actualLoss = fast.lossAndBackward(rows);
        double[] grad = new double[spec.numParams()];
        fast.drainGradients(grad);

        assertEquals(expectedLoss, actualLoss, FLOAT_REL * Math.abs(expectedLoss), "summed loss");
        double[] expected = reference.params().grads();
        double scale = java.util.Arrays.stream(expected).map(Math::abs).max().orElse(0);
        assertTrue(scale > 0);
        for (int i = 0; i < expected.length; i++) {
            int at = i;
            assertEquals(expected[i], grad[i], FLOAT_REL * scale, () -> reference.params().nameOf(at)
                + " (tolerance " + FLOAT_REL + " of the largest element " + scale + ")");
        }
        // The accumulator was drained: a second drain adds nothing.
        double[] again = new double[spec.numParams()];
        fast.drainGradients(again);
        assertTrue(java.util.Arrays.stream(again).allMatch(v -> v == 0.0));
    }
}
