package org.sparkmlp.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import org.sparkmlp.math.Matrix;
import org.sparkmlp.math.Precision;

/** The design note's worked forward pass, reproduced exactly, in both precisions. */
class WorkedExampleTest {
    @Test
    void linearWithOnesThenReluGivesTheNotesValues() {
        Matrix x = Matrix.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
        Linear linear = new Linear(3, 2);
        linear.setParams(Matrix.of(new double[][] {{1, 1}, {1, 1}, {1, 1}}), new double[] {0, 0});
        ReLU relu = new ReLU();

        Matrix z = linear.forward(x);
        assertArrayEquals(new double[] {6, 6}, z.toArray()[0]);
        assertArrayEquals(new double[] {15, 15}, z.toArray()[1]);

        Matrix a = relu.forward(z);
        assertArrayEquals(new double[] {6, 6}, a.toArray()[0]);
        assertArrayEquals(new double[] {15, 15}, a.toArray()[1]);
    }

    @Test
    void theSameNetworkAsAnMlpGivesTheSameOutputInEitherPrecision() {
        for (Precision precision : Precision.values()) {
            Linear linear = new Linear(3, 2);
            linear.setParams(Matrix.of(new double[][] {{1, 1}, {1, 1}, {1, 1}}), new double[] {0, 0});
            MLP net = new MLP(java.util.List.of(linear, new ReLU()), new org.sparkmlp.nn.loss.MSE(), precision);
            Matrix out = net.forward(Matrix.of(new double[][] {{1, 2, 3}, {4, 5, 6}}).to(precision));
            assertArrayEquals(new double[][] {{6, 6}, {15, 15}}, out.toArray(), precision.toString());
        }
    }
}
