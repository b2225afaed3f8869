package org.sparkmlp.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sparkmlp.math.Matrix;
import org.sparkmlp.math.Precision;
import org.sparkmlp.nn.loss.CrossEntropy;
import org.sparkmlp.nn.loss.MAE;
import org.sparkmlp.nn.loss.MSE;
import org.sparkmlp.nn.loss.Targets;
import org.sparkmlp.testutil.Data;

/**
 * The single-precision loops of every layer and loss against naive double-precision loops written here,
 * on odd shapes: one row, one column, and widths that are no multiple of any SIMD width.
 */
class FloatKernelsTest {
    private static final double C = Math.sqrt(2 / Math.PI);
    /** Each elementwise activation and its derivative, the naive way, by registered name. */
    private static final Map<String, DoubleUnaryOperator[]> ACTIVATIONS = Map.of(
        "relu", new DoubleUnaryOperator[] {x -> Math.max(0, x), x -> x > 0 ? 1 : 0},
        "leakyrelu", new DoubleUnaryOperator[] {x -> x > 0 ? x : 0.01 * x, x -> x > 0 ? 1 : 0.01},
        "sigmoid", new DoubleUnaryOperator[] {x -> 1 / (1 + Math.exp(-x)),
            x -> Math.exp(-x) / ((1 + Math.exp(-x)) * (1 + Math.exp(-x)))},
        "tanh", new DoubleUnaryOperator[] {Math::tanh, x -> 1 - Math.tanh(x) * Math.tanh(x)},
        "gelu", new DoubleUnaryOperator[] {
            x -> 0.5 * x * (1 + Math.tanh(C * (x + 0.044715 * x * x * x))),
            x -> {
                double t = Math.tanh(C * (x + 0.044715 * x * x * x));
                return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * C * (1 + 3 * 0.044715 * x * x);
            }});

    private final SplittableRandom rng = new SplittableRandom(29);

    private static void close(double expected, double actual, String what) {
        assertEquals(expected, actual, 1e-6 * Math.abs(expected) + 2e-7, what);
    }

    @Test
    void everyActivationHasANaiveReference() {
        assertEquals(new java.util.TreeSet<>(Layers.activations()), new java.util.TreeSet<>(ACTIVATIONS.keySet()));
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"1,1", "1,13", "9,1", "7,13", "5,33"})
    void activationsMatchTheirNaiveFormulas(int rows, int cols) {
        for (String name : Layers.activations()) {
            Layer layer = Layers.create(Layers.complete(LayerSpec.of(name)), cols);
            Matrix x = Data.uniform(Precision.FLOAT, rows, cols, 4.0, rng);
            Matrix dout = Data.uniform(Precision.FLOAT, rows, cols, 1.0, rng);
            Matrix out = layer.forward(x).copy();
            Matrix dinp = layer.backward(dout);
            for (int i = 0; i < x.size(); i++) {
                close(ACTIVATIONS.get(name)[0].applyAsDouble(x.at(i)), out.at(i), name + "(" + x.at(i) + ")");
                // A derivative taken from the output, such as tanh's 1 - f(x)^2, carries float's rounding of
                // f(x) near 1: an absolute error of a few ulps of 1, times dout.
                double expected = dout.at(i) * ACTIVATIONS.get(name)[1].applyAsDouble(x.at(i));
                assertEquals(expected, dinp.at(i), 1e-6 * Math.abs(expected) + 8 * Math.ulp(1f) * Math.abs(dout.at(i)),
                    name + "'(" + x.at(i) + ")");
            }
        }
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"1,2", "1,13", "9,3", "7,33"})
    void softmaxAndItsLossesMatchNaiveLoops(int rows, int k) {
        Matrix z = Data.uniform(Precision.FLOAT, rows, k, 6.0, rng);
        Matrix g = Data.uniform(Precision.FLOAT, rows, k, 1.0, rng);
        Softmax softmax = new Softmax();
        Matrix p = softmax.forward(z).copy();
        Matrix d = softmax.backward(g);
        int[] c = Data.classes(rows, k, rng);
        double[] w = Data.weights(Math.max(rows, 2), rng);
        CrossEntropy ce = new CrossEntropy();
        ce.absorbs(softmax);
        softmax.forward(z);
        double loss = ce.forward(softmax.probabilities(), Targets.classes(c).weights(w));
        Matrix dz = ce.backward();
        double expectedLoss = 0;
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            for (int j = 0; j < k; j++) {
                sum += Math.exp(z.get(r, j));
            }
            double dot = 0;
            for (int j = 0; j < k; j++) {
                dot += Math.exp(z.get(r, j)) / sum * g.get(r, j);
            }
            for (int j = 0; j < k; j++) {
                double pj = Math.exp(z.get(r, j)) / sum;
                close(pj, p.get(r, j), "p[" + r + "," + j + "]");
                close(pj * (g.get(r, j) - dot), d.get(r, j), "Jacobian product [" + r + "," + j + "]");
                close(w[r] * (pj - (c[r] == j ? 1 : 0)), dz.get(r, j), "dz[" + r + "," + j + "]");
            }
            close(Math.log(sum), softmax.logSumExp()[r], "logsumexp of row " + r);
            close(Math.log(sum) - z.get(r, c[r]), ce.rowLosses()[r], "loss of row " + r);
            expectedLoss += w[r] * (Math.log(sum) - z.get(r, c[r]));
        }
        close(expectedLoss, loss, "weighted sum");
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"1,1", "1,13", "9,2", "7,33"})
    void residualLossesMatchNaiveLoops(int rows, int d) {
        Matrix p = Data.uniform(Precision.FLOAT, rows, d, 3.0, rng);
        Matrix y = Data.uniform(Precision.FLOAT, rows, d, 3.0, rng);
        double[] w = Data.weights(Math.max(rows, 2), rng);
        for (boolean squared : new boolean[] {true, false}) {
            org.sparkmlp.nn.loss.Loss loss = squared ? new MSE() : new MAE();
            double sum = loss.forward(p, Targets.values(y).weights(w));
            Matrix g = loss.backward();
            double expected = 0;
            for (int r = 0; r < rows; r++) {
                double row = 0;
                for (int j = 0; j < d; j++) {
                    double e = p.get(r, j) - y.get(r, j);
                    row += squared ? e * e : Math.abs(e);
                    close(w[r] * (squared ? 2 * e : Math.signum(e)) / d, g.get(r, j), loss.name() + " slope");
                }
                expected += w[r] * row / d;
            }
            close(expected, sum, loss.name());
        }
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"1,2", "1,13", "9,3", "7,33"})
    void layerNormMatchesANaiveLoop(int rows, int width) {
        MLP net = new MLP(java.util.List.of(new Dropout(0), new LayerNorm(width, 1e-5)), new MSE(), Precision.FLOAT);
        Matrix params = net.params().valueStorage();
        for (int i = 0; i < 2 * width; i++) {
            params.setAt(i, (float) (1 + 0.5 * rng.nextGaussian()));
        }
        Layer norm = net.layers().get(1);
        Matrix x = Data.uniform(Precision.FLOAT, rows, width, 3.0, rng);
        Matrix dout = Data.uniform(Precision.FLOAT, rows, width, 1.0, rng);
        Matrix out = norm.forward(x).copy();
        Matrix dinp = norm.backward(dout);
        double[] dgain = new double[width];
        double[] dbias = new double[width];
        for (int r = 0; r < rows; r++) {
            double mean = 0;
            for (int j = 0; j < width; j++) {
                mean += x.get(r, j) / width;
            }
            double var = 0;
            for (int j = 0; j < width; j++) {
                var += (x.get(r, j) - mean) * (x.get(r, j) - mean) / width;
            }
            double s = 1 / Math.sqrt(var + 1e-5);
            double[] h = new double[width];
            double mg = 0;
            double mgh = 0;
            for (int j = 0; j < width; j++) {
                h[j] = (x.get(r, j) - mean) * s;
                close(params.at(j) * h[j] + params.at(width + j), out.get(r, j), "out[" + r + "," + j + "]");
                double gj = dout.get(r, j) * params.at(j);
                mg += gj / width;
                mgh += gj * h[j] / width;
                dgain[j] += dout.get(r, j) * h[j];
                dbias[j] += dout.get(r, j);
            }
            for (int j = 0; j < width; j++) {
                double gj = dout.get(r, j) * params.at(j);
                assertEquals(s * (gj - mg - h[j] * mgh), dinp.get(r, j), 1e-5 * (1 + s), "dinp[" + r + "," + j + "]");
            }
        }
        for (int j = 0; j < width; j++) {
            assertEquals(dgain[j], net.params().gradStorage().at(j), 1e-5 * rows, "dgain " + j);
            assertEquals(dbias[j], net.params().gradStorage().at(width + j), 1e-5 * rows, "dbias " + j);
        }
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"1,1", "1,13", "9,3", "7,33"})
    void dropoutMatchesItsMaskInBothPrecisions(int rows, int cols) {
        Matrix x = Data.uniform(Precision.FLOAT, rows, cols, 2.0, rng);
        Dropout f = new Dropout(0.3);
        Dropout d = new Dropout(0.3);
        for (Dropout layer : new Dropout[] {f, d}) {
            layer.training(true);
            layer.seed(42);
        }
        Matrix outF = f.forward(x);
        Matrix outD = d.forward(x.to(Precision.DOUBLE));
        boolean[] keep = Dropout.draw(42, 0.3, rows * cols, new boolean[0]);
        for (int i = 0; i < x.size(); i++) {
            double expected = keep[i] ? x.at(i) / 0.7 : 0;
            close(expected, outF.at(i), "float " + i);
            assertEquals(expected, outD.at(i), 1e-15 * Math.abs(expected), "double " + i);
        }
        assertTrue(rows * cols < 5 || java.util.stream.IntStream.range(0, keep.length).anyMatch(i -> !keep[i]));
    }
}
