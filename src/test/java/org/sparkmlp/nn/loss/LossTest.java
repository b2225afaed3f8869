package org.sparkmlp.nn.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.sparkmlp.math.Matrix;
import org.sparkmlp.nn.Softmax;
import org.sparkmlp.testutil.Data;
import org.sparkmlp.testutil.GradientCheck;

class LossTest {
    private final SplittableRandom rng = new SplittableRandom(345);

    private static void checkGradient(Loss loss, Matrix p, Matrix y) {
        loss.forward(p, y);
        double[] g = Arrays.copyOf(loss.backward().data(), p.rows() * p.cols());
        GradientCheck.check(p.data(), g, () -> loss.forward(p, y), i -> loss.name() + " dpred[" + i + "]");
    }

    @Test
    void crossEntropyBackwardMatchesFiniteDifferences() {
        Matrix p = new Softmax().forward(Data.uniform(4, 3, 2.0, rng)).copy();
        checkGradient(new CrossEntropy(0), p, Data.oneHot(4, 3, rng));
    }

    @Test
    void mseBackwardMatchesFiniteDifferences() {
        checkGradient(new MSE(), Data.uniform(5, 2, 2.0, rng), Data.uniform(5, 2, 2.0, rng));
    }

    @Test
    void maeBackwardMatchesFiniteDifferences() {
        // Residuals are kept well away from 0, where |x| has no derivative.
        Matrix y = Data.uniform(5, 2, 2.0, rng);
        Matrix p = y.copy();
        for (int i = 0; i < 10; i++) {
            p.data()[i] += (i % 2 == 0 ? 0.5 : -0.5) * (1 + rng.nextDouble());
        }
        checkGradient(new MAE(), p, y);
    }

    @Test
    void handCheckableValues() {
        Matrix p = Matrix.of(new double[][] {{1, 2}});
        Matrix y = Matrix.of(new double[][] {{1, 4}});
        assertEquals(2.0, new MSE().forward(p, y), 0.0, "MSE([1,2],[1,4]) averages over the 2 outputs");
        assertEquals(1.0, new MAE().forward(p, y), 0.0);
        MAE mae = new MAE();
        mae.forward(Matrix.of(new double[][] {{3, -1, 2}}), Matrix.of(new double[][] {{1, 1, 2}}));
        assertArrayEquals(new double[] {1.0 / 3, -1.0 / 3, 0}, Arrays.copyOf(mae.backward().data(), 3), 1e-15);

        Matrix probs = Matrix.of(new double[][] {{0.2, 0.7, 0.1}});
        Matrix oneHot = Matrix.of(new double[][] {{0, 1, 0}});
        assertEquals(-Math.log(0.7), new CrossEntropy().forward(probs, oneHot), 1e-15);
    }

    @Test
    void lossesSumOverRowsSoSplittingABatchChangesNothing() {
        Matrix p = Data.uniform(6, 3, 1.0, rng);
        Matrix y = Data.uniform(6, 3, 1.0, rng);
        Matrix top = Matrix.wrap(3, 3, Arrays.copyOfRange(p.data(), 0, 9));
        Matrix bottom = Matrix.wrap(3, 3, Arrays.copyOfRange(p.data(), 9, 18));
        Matrix yTop = Matrix.wrap(3, 3, Arrays.copyOfRange(y.data(), 0, 9));
        Matrix yBottom = Matrix.wrap(3, 3, Arrays.copyOfRange(y.data(), 9, 18));
        for (Loss loss : new Loss[] {new MSE(), new MAE()}) {
            double whole = loss.forward(p, y);
            double parts = loss.forward(top, yTop) + loss.forward(bottom, yBottom);
            assertEquals(whole, parts, 1e-12, loss.name());
        }
    }

    @Test
    void fusedSoftmaxCrossEntropyEqualsTheJacobianPath() {
        Matrix z = Data.uniform(5, 4, 3.0, rng);
        Matrix y = Data.oneHot(5, 4, rng);
        Softmax softmax = new Softmax();
        Matrix p = softmax.forward(z);
        CrossEntropy ce = new CrossEntropy(0);
        double separateLoss = ce.forward(p, y);
        double[] separate = Arrays.copyOf(softmax.backward(ce.backward()).data(), 20);

        Matrix dz = new Matrix(5, 4);
        double fusedLoss = CrossEntropy.fromLogits(z, p, y, dz);
        assertEquals(separateLoss, fusedLoss, 1e-12);
        for (int i = 0; i < 20; i++) {
            assertEquals(p.data()[i] - y.data()[i], dz.data()[i], 0.0, "fused gradient is exactly p - y");
            assertEquals(dz.data()[i], separate[i], 1e-12, "element " + i);
        }
    }

    @Test
    void fusedSoftmaxCrossEntropyStaysFiniteForExtremeLogits() {
        Matrix z = Matrix.of(new double[][] {{1000, -1000, 0}, {-1000, 1000, 0}});
        Matrix y = Matrix.of(new double[][] {{0, 1, 0}, {0, 1, 0}});
        Matrix p = new Softmax().forward(z);
        Matrix dz = new Matrix(2, 3);
        double loss = CrossEntropy.fromLogits(z, p, y, dz);
        assertEquals(2000.0, loss, 1e-9, "row 0 costs 2000 nats, row 1 nothing");
        for (double v : Arrays.copyOf(dz.data(), 6)) {
            assertTrue(Double.isFinite(v), Arrays.toString(dz.data()));
        }
        assertArrayEquals(new double[] {1, -1, 0, 0, 0, 0}, Arrays.copyOf(dz.data(), 6), 1e-12);
    }
}
