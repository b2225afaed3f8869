package org.sparkmlp.nn.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sparkmlp.math.Matrix;
import org.sparkmlp.nn.Sigmoid;
import org.sparkmlp.nn.Softmax;
import org.sparkmlp.nn.Task;
import org.sparkmlp.testutil.Data;
import org.sparkmlp.testutil.GradientCheck;

class LossTest {
    private final SplittableRandom rng = new SplittableRandom(345);

    /** Every loss kind, with and without row weights. */
    static Stream<Arguments> everyLossWithAndWithoutWeights() {
        return Arrays.stream(LossKind.values()).flatMap(k -> Stream.of(Arguments.of(k, false), Arguments.of(k, true)));
    }

    /**
     * Predictions and targets a loss of {@code kind} takes, as its task says; MAE's residuals are kept well
     * away from 0, Huber's on both sides of its bend and away from it.
     */
    private Object[] batch(LossKind kind, int rows, int cols) {
        if (kind.task() == Task.CLASSIFICATION) {
            Matrix p = new Softmax().forward(Data.uniform(rows, cols, 2.0, rng)).copy();
            return new Object[] {p, Targets.classes(Data.classes(rows, cols, rng))};
        }
        if (kind.task() == Task.MULTI_LABEL) {
            Matrix p = new Matrix(rows, cols);
            Matrix y = new Matrix(rows, cols);
            for (int i = 0; i < p.size(); i++) {
                p.setAt(i, 0.1 + 0.8 * rng.nextDouble());
                y.setAt(i, rng.nextBoolean() ? 1 : 0);
            }
            return new Object[] {p, Targets.values(y)};
        }
        Matrix y = Data.uniform(rows, cols, 2.0, rng);
        Matrix p = y.copy();
        for (int i = 0; i < p.size(); i++) {
            double step = i % 3 == 0 ? 0.2 + 0.6 * rng.nextDouble() : 1.2 + rng.nextDouble();
            p.setAt(i, p.at(i) + (i % 2 == 0 ? step : -step));
        }
        return new Object[] {p, Targets.values(y)};
    }

    /** The loss on its own, without the clamp that keeps logarithms finite. */
    private static Loss plain(LossKind kind) {
        return kind == LossKind.CROSS_ENTROPY ? new CrossEntropy(0)
            : kind == LossKind.BINARY_CROSS_ENTROPY ? new BinaryCrossEntropy(0) : kind.create();
    }

    @ParameterizedTest(name = "{0}, weighted {1}")
    @MethodSource("everyLossWithAndWithoutWeights")
    void backwardMatchesFiniteDifferences(LossKind kind, boolean weighted) {
        Object[] b = batch(kind, 5, 3);
        Matrix p = (Matrix) b[0];
        Targets t = ((Targets) b[1]).weights(weighted ? Data.weights(5, rng) : null);
        Loss loss = plain(kind);
        loss.forward(p, t);
        double[] g = Arrays.copyOf(loss.backward().data(), p.size());
        GradientCheck.check(p.data(), g, () -> loss.forward(p, t), i -> loss.name() + " dpred[" + i + "]");
    }

    @ParameterizedTest(name = "weighted {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void crossEntropyAfterASoftmaxMatchesFiniteDifferencesInTheLogits(boolean weighted) {
        Softmax softmax = new Softmax();
        CrossEntropy ce = new CrossEntropy();
        assertTrue(ce.absorbs(softmax));
        Matrix z = Data.uniform(5, 4, 3.0, rng);
        Targets t = Targets.classes(Data.classes(5, 4, rng)).weights(weighted ? Data.weights(5, rng) : null);
        ce.forward(softmax.forward(z), t);
        double[] dz = Arrays.copyOf(ce.backward().data(), z.size());
        GradientCheck.check(z.data(), dz, () -> ce.forward(softmax.forward(z), t), i -> "dz[" + i + "]");
    }

    @Test
    void huberIsHalfTheSquareNearTheTargetAndTheDistanceBeyondIt() {
        Huber huber = new Huber();
        Matrix p = Matrix.of(new double[][] {{0.5, 3, -2}});
        Targets y = Targets.values(Matrix.of(new double[][] {{0, 0, 0}}));
        assertEquals((0.125 + 2.5 + 1.5) / 3, huber.forward(p, y), 1e-15, "0.5^2/2, 3 - 1/2, 2 - 1/2, averaged");
        assertArrayEquals(new double[] {0.5 / 3, 1.0 / 3, -1.0 / 3}, Arrays.copyOf(huber.backward().data(), 3), 1e-15,
            "the residual, clipped to [-1, 1]");
        Matrix near = Matrix.of(new double[][] {{0.3, -0.7}});
        Targets zero = Targets.values(Matrix.of(new double[][] {{0, 0}}));
        assertEquals(new MSE().forward(near, zero) / 2, huber.forward(near, zero), 1e-15,
            "within the bend Huber is half the squared error");
    }

    @ParameterizedTest(name = "weighted {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void binaryCrossEntropyAfterASigmoidMatchesFiniteDifferencesInTheLogits(boolean weighted) {
        Sigmoid sigmoid = new Sigmoid();
        BinaryCrossEntropy bce = new BinaryCrossEntropy();
        assertTrue(bce.absorbs(sigmoid));
        Matrix z = Data.uniform(5, 3, 3.0, rng);
        Matrix y = new Matrix(5, 3);
        for (int i = 0; i < y.size(); i++) {
            y.setAt(i, rng.nextBoolean() ? 1 : 0);
        }
        Targets t = Targets.values(y).weights(weighted ? Data.weights(5, rng) : null);
        bce.forward(sigmoid.forward(z), t);
        double[] dz = Arrays.copyOf(bce.backward().data(), z.size());
        GradientCheck.check(z.data(), dz, () -> bce.forward(sigmoid.forward(z), t), i -> "dz[" + i + "]");

        BinaryCrossEntropy onProbabilities = new BinaryCrossEntropy(0);
        Sigmoid separate = new Sigmoid();
        assertEquals(onProbabilities.forward(separate.forward(z), t), bce.forward(sigmoid.forward(z), t), 1e-12,
            "from the logits or from the probabilities, the same loss");
        double[] jacobianPath = Arrays.copyOf(separate.backward(onProbabilities.backward()).data(), z.size());
        assertArrayEquals(jacobianPath, Arrays.copyOf(bce.backward().data(), z.size()), 1e-12);
    }

    @Test
    void binaryCrossEntropyFromLogitsStaysFiniteForExtremeLogits() {
        Sigmoid sigmoid = new Sigmoid();
        BinaryCrossEntropy bce = new BinaryCrossEntropy();
        bce.absorbs(sigmoid);
        Matrix z = Matrix.of(new double[][] {{800, -800, 800, -800}});
        Targets y = Targets.values(Matrix.of(new double[][] {{0, 1, 1, 0}}));
        assertEquals((800 + 800 + 0 + 0) / 4.0, bce.forward(sigmoid.forward(z), y), 1e-9,
            "a sure wrong answer costs its logit, a sure right one nothing");
        assertArrayEquals(new double[] {0.25, -0.25, 0, 0}, Arrays.copyOf(bce.backward().data(), 4), 1e-15);
    }

    @Test
    void eachLossSaysWhatItIs() {
        for (LossKind kind : LossKind.values()) {
            Loss loss = kind.create();
            assertEquals(kind.configName(), loss.name());
            assertEquals(kind, LossKind.fromName(kind.configName().toUpperCase(java.util.Locale.ROOT)));
            assertEquals(loss.task(), kind.task());
        }
        assertEquals(Task.CLASSIFICATION, LossKind.CROSS_ENTROPY.task());
        assertEquals("softmax", LossKind.CROSS_ENTROPY.outputLayer());
        assertEquals(null, LossKind.CROSS_ENTROPY.labelProblem(2, 3));
        assertTrue(LossKind.CROSS_ENTROPY.labelProblem(3, 3).contains("out of range"));
        assertTrue(LossKind.CROSS_ENTROPY.labelProblem(1.5, 3).contains("not an integer"));
        assertTrue(LossKind.CROSS_ENTROPY.outputProblem(1).contains("at least 2"));

        assertEquals(Task.MULTI_LABEL, LossKind.BINARY_CROSS_ENTROPY.task());
        assertEquals("sigmoid", LossKind.BINARY_CROSS_ENTROPY.outputLayer());
        assertEquals(null, LossKind.BINARY_CROSS_ENTROPY.labelProblem(1, 4));
        assertEquals(null, LossKind.BINARY_CROSS_ENTROPY.labelProblem(0, 4));
        assertTrue(LossKind.BINARY_CROSS_ENTROPY.labelProblem(2, 4).contains("not 0 or 1"));
        assertTrue(LossKind.BINARY_CROSS_ENTROPY.labelProblem(0.5, 4).contains("not 0 or 1"));

        for (LossKind regression : new LossKind[] {LossKind.MSE, LossKind.MAE, LossKind.HUBER}) {
            assertEquals(Task.REGRESSION, regression.task());
            assertEquals(null, regression.outputLayer());
            assertEquals(null, regression.labelProblem(-1e30, 1), "a regression takes any finite label");
        }
        assertEquals("rmse", LossKind.MSE.lossMetric());
        assertEquals("mae", LossKind.MAE.lossMetric());
        assertEquals("mae", LossKind.HUBER.lossMetric());
        assertEquals("loss", LossKind.BINARY_CROSS_ENTROPY.lossMetric());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LossKind.fromName("hinge"));
        assertTrue(e.getMessage().contains("huber") && e.getMessage().contains("binary-cross-entropy"), e.getMessage());
    }

    @Test
    void aLossKindStaysItselfThroughSerialization() throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(LossKind.HUBER);
        }
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
            new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            assertTrue(in.readObject() == LossKind.HUBER, "one instance per loss, so kinds compare with ==");
        }
    }

    @Test
    void handCheckableValues() {
        Matrix p = Matrix.of(new double[][] {{1, 2}});
        Targets y = Targets.values(Matrix.of(new double[][] {{1, 4}}));
        assertEquals(2.0, new MSE().forward(p, y), 0.0, "MSE([1,2],[1,4]) averages over the 2 outputs");
        assertEquals(1.0, new MAE().forward(p, y), 0.0);
        MAE mae = new MAE();
        mae.forward(Matrix.of(new double[][] {{3, -1, 2}}), Targets.values(Matrix.of(new double[][] {{1, 1, 2}})));
        assertArrayEquals(new double[] {1.0 / 3, -1.0 / 3, 0}, Arrays.copyOf(mae.backward().data(), 3), 1e-15);

        Matrix probs = Matrix.of(new double[][] {{0.2, 0.7, 0.1}});
        CrossEntropy ce = new CrossEntropy();
        assertEquals(-Math.log(0.7), ce.forward(probs, Targets.classes(1)), 1e-15);
        assertEquals(-Math.log(0.7), ce.rowLosses()[0], 1e-15);
        assertEquals(-3 * Math.log(0.7), ce.forward(probs, Targets.classes(1).weights(new double[] {3})), 1e-15,
            "a row of weight 3 counts three times");
        assertEquals(-Math.log(0.7), ce.rowLosses()[0], 1e-15, "row losses are unweighted");
    }

    @Test
    void lossesSumOverRowsSoSplittingABatchChangesNothing() {
        for (LossKind kind : LossKind.values()) {
            Object[] b = batch(kind, 6, 3);
            Matrix p = (Matrix) b[0];
            Targets t = (Targets) b[1];
            double[] w = Data.weights(6, rng);
            Loss loss = plain(kind);
            double whole = loss.forward(p, t.weights(w));
            double parts = 0;
            for (int half = 0; half < 2; half++) {
                Matrix pp = Matrix.wrap(3, 3, Arrays.copyOfRange(p.data(), half * 9, half * 9 + 9));
                Targets tt = t.isClasses() ? Targets.classes(Arrays.copyOfRange(t.classes(), half * 3, half * 3 + 3))
                    : Targets.values(Matrix.wrap(3, 3, Arrays.copyOfRange(t.values().data(), half * 9, half * 9 + 9)));
                parts += loss.forward(pp, tt.weights(Arrays.copyOfRange(w, half * 3, half * 3 + 3)));
            }
            assertEquals(whole, parts, 1e-12, loss.name());
        }
    }

    @Test
    void fusedSoftmaxCrossEntropyEqualsTheJacobianPath() {
        Matrix z = Data.uniform(5, 4, 3.0, rng);
        Targets t = Targets.classes(Data.classes(5, 4, rng)).weights(Data.weights(5, rng));
        Softmax separate = new Softmax();
        CrossEntropy onProbabilities = new CrossEntropy(0);
        double separateLoss = onProbabilities.forward(separate.forward(z), t);
        double[] jacobianPath = Arrays.copyOf(separate.backward(onProbabilities.backward()).data(), 20);

        Softmax fused = new Softmax();
        CrossEntropy fromLogits = new CrossEntropy();
        fromLogits.absorbs(fused);
        Matrix p = fused.forward(z);
        double fusedLoss = fromLogits.forward(p, t);
        Matrix dz = fromLogits.backward();
        assertEquals(separateLoss, fusedLoss, 1e-12);
        for (int r = 0; r < 5; r++) {
            for (int j = 0; j < 4; j++) {
                int i = r * 4 + j;
                double y = t.classes()[r] == j ? 1 : 0;
                assertEquals(t.weight(r) * (p.data()[i] - y), dz.data()[i], 0.0, "fused gradient is exactly w (p - y)");
                assertEquals(dz.data()[i], jacobianPath[i], 1e-12, "element " + i);
            }
        }
    }

    @Test
    void fusedSoftmaxCrossEntropyStaysFiniteForExtremeLogits() {
        Softmax softmax = new Softmax();
        CrossEntropy ce = new CrossEntropy();
        ce.absorbs(softmax);
        Matrix z = Matrix.of(new double[][] {{1000, -1000, 0}, {-1000, 1000, 0}});
        double loss = ce.forward(softmax.forward(z), Targets.classes(1, 1));
        assertEquals(2000.0, loss, 1e-9, "row 0 costs 2000 nats, row 1 nothing");
        assertArrayEquals(new double[] {2000, 0}, Arrays.copyOf(ce.rowLosses(), 2), 1e-9);
        double[] dz = Arrays.copyOf(ce.backward().data(), 6);
        assertArrayEquals(new double[] {1, -1, 0, 0, 0, 0}, dz, 1e-12);
    }

    @Test
    void targetsOfTheWrongKindOrAClassOutOfRangeAreRefused() {
        Matrix p = Matrix.of(new double[][] {{0.5, 0.5}});
        assertThrows(IllegalArgumentException.class, () -> new CrossEntropy().forward(p, Targets.values(p)));
        assertThrows(IllegalArgumentException.class, () -> new MSE().forward(p, Targets.classes(0)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new CrossEntropy().forward(p, Targets.classes(2)));
        assertTrue(e.getMessage().contains("class 2"), e.getMessage());
    }
}
