package org.sparkmlp.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sparkmlp.math.Matrix;
import org.sparkmlp.nn.loss.MSE;
import org.sparkmlp.testutil.Data;
import org.sparkmlp.testutil.GradientCheck;

/**
 * Every registered layer type's backward pass against central differences in double, for the input and
 * for its parameters. The scalar checked is {@code L = sum(out * R)} for a fixed random {@code R}, so that
 * {@code dL/dout = R}. The cases come from the registry: a new layer type is checked without editing this
 * test (one whose setting has no default needs a sample value in {@link #SAMPLE_SETTINGS}; a block holds a
 * linear layer to another width, an activation, dropout and a linear layer back).
 */
class LayerGradientTest {
    private static final int WIDTH = 6;
    /** Settings for the types that have no default. */
    static final Map<String, Double> SAMPLE_SETTINGS = Map.of("linear", 4.0, "dropout", 0.3);

    private final SplittableRandom rng = new SplittableRandom(345);

    /** Each registered type, as a layer spec with a setting it accepts. */
    static Stream<LayerSpec> everyLayerType() {
        return Layers.builtIn().stream().map(name -> {
            Layers.Type t = Layers.type(name);
            if (t.holdsLayers()) {
                return LayerSpec.parse(name + "(linear:4,gelu,dropout:0.3,linear:" + WIDTH + ")");
            }
            Double setting = t.setting() == null ? null
                : t.defaultSetting() != null ? t.defaultSetting() : SAMPLE_SETTINGS.get(name);
            assertTrue(t.setting() == null || setting != null, "give layer type " + name + " a sample setting");
            return new LayerSpec(name, setting);
        });
    }

    private static double weightedSum(Matrix out, Matrix r) {
        double s = 0;
        for (int i = 0; i < out.size(); i++) {
            s += out.at(i) * r.at(i);
        }
        return s;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyLayerType")
    void backwardMatchesFiniteDifferences(LayerSpec spec) {
        Layer layer = Layers.create(spec, WIDTH);
        // A network of the one layer owns its parameters; its first layer skips dinp, so a second layer
        // that passes its input through comes first.
        MLP owner = new MLP(List.of(new Dropout(0), layer), new MSE());
        owner.initialize(7);
        for (FlatParams.Segment s : owner.params().segments()) {
            for (int i = 0; i < s.length(); i++) {
                owner.params().values()[s.offset() + i] += 0.1 * rng.nextGaussian();
            }
        }
        owner.training(true);
        owner.seed(99);
        Matrix x = Data.uniform(5, WIDTH, 2.0, rng);
        Matrix r = Data.uniform(5, layer.outputWidth(WIDTH), 1.0, rng);
        owner.zeroGrad();
        layer.forward(x);
        double[] dinp = java.util.Arrays.copyOf(layer.backward(r).data(), x.size());
        GradientCheck.check(x.data(), dinp, () -> weightedSum(layer.forward(x), r), i -> spec + " dinp[" + i + "]");

        if (layer.numParams() > 0) {
            FlatParams p = owner.params();
            GradientCheck.check(p.values(), p.grads().clone(), () -> weightedSum(layer.forward(x), r), p::nameOf);
        }
    }

    @Test
    void softmaxBackwardEqualsTheExplicitJacobianProduct() {
        Softmax softmax = new Softmax();
        Matrix z = Data.uniform(3, 4, 2.0, rng);
        Matrix g = Data.uniform(3, 4, 1.0, rng);
        Matrix p = softmax.forward(z).copy();
        Matrix d = softmax.backward(g);
        for (int r = 0; r < 3; r++) {
            for (int i = 0; i < 4; i++) {
                double expected = 0;
                for (int j = 0; j < 4; j++) {
                    double jacobian = (i == j ? p.get(r, i) : 0) - p.get(r, i) * p.get(r, j);
                    expected += jacobian * g.get(r, j);
                }
                assertEquals(expected, d.get(r, i), 1e-15, "row " + r + " element " + i);
            }
        }
    }

    @Test
    void softmaxIsUniformForEqualLogitsAndShiftInvariant() {
        Softmax softmax = new Softmax();
        Matrix p = softmax.forward(Matrix.of(new double[][] {{3, 3, 3, 3}})).copy();
        for (int j = 0; j < 4; j++) {
            assertEquals(0.25, p.get(0, j), 1e-15);
        }
        Matrix a = softmax.forward(Matrix.of(new double[][] {{1, 2, 3}})).copy();
        Matrix b = softmax.forward(Matrix.of(new double[][] {{1001, 1002, 1003}})).copy();
        for (int j = 0; j < 3; j++) {
            assertEquals(a.get(0, j), b.get(0, j), 1e-15);
        }
    }

    @Test
    void layerNormGivesEachRowZeroMeanAndUnitVarianceBeforeItsGainAndBias() {
        LayerNorm norm = new LayerNorm(5, 1e-12);
        Matrix out = norm.forward(Data.uniform(4, 5, 3.0, rng));
        for (int r = 0; r < 4; r++) {
            double mean = 0;
            double sq = 0;
            for (int j = 0; j < 5; j++) {
                mean += out.get(r, j) / 5;
            }
            for (int j = 0; j < 5; j++) {
                sq += (out.get(r, j) - mean) * (out.get(r, j) - mean) / 5;
            }
            assertEquals(0, mean, 1e-12, "row " + r);
            assertEquals(1, sq, 1e-9, "row " + r);
        }
    }

    @Test
    void geluIsTheTanhForm() {
        GELU gelu = new GELU();
        Matrix out = gelu.forward(Matrix.of(new double[][] {{-3, -0.5, 0, 0.5, 3}}));
        double[] x = {-3, -0.5, 0, 0.5, 3};
        for (int j = 0; j < 5; j++) {
            double expected = 0.5 * x[j] * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x[j] + 0.044715 * Math.pow(x[j], 3))));
            assertEquals(expected, out.get(0, j), 1e-15);
        }
    }

    @Test
    void leakyReluKeepsItsSlopeBelowZero() {
        Matrix out = new LeakyReLU(0.1).forward(Matrix.of(new double[][] {{-2, 3}}));
        assertEquals(-0.2, out.get(0, 0), 1e-15);
        assertEquals(3, out.get(0, 1), 0);
    }

    @Test
    void sigmoidStaysFiniteForHugeInputs() {
        Matrix out = new Sigmoid().forward(Matrix.of(new double[][] {{-1000, 0, 1000}}));
        assertEquals(0.0, out.get(0, 0));
        assertEquals(0.5, out.get(0, 1));
        assertEquals(1.0, out.get(0, 2));
    }

    @Test
    void backwardBeforeForwardIsAnError() {
        for (LayerSpec spec : everyLayerType().toList()) {
            Layer layer = Layers.create(spec, WIDTH);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> layer.backward(new Matrix(1, layer.outputWidth(WIDTH))), spec.toString());
            assertTrue(e.getMessage().contains("before forward"), e.getMessage());
        }
    }

    @Test
    void linearRejectsAnInputOfTheWrongWidthNamingBothShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new Linear(784, 10).forward(new Matrix(2, 783)));
        assertTrue(e.getMessage().contains("784") && e.getMessage().contains("783"), e.getMessage());
    }

    @Test
    void aLayerRefusesAnInputInAnotherPrecisionThanItsParameters() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new Linear(3, 2).forward(new Matrix(org.sparkmlp.math.Precision.FLOAT, 2, 3)));
        assertTrue(e.getMessage().contains("float"), e.getMessage());
    }
}
