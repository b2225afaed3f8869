package org.sparkmlp.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Update rules against steps computed by hand. */
class OptimizerTest {
    @Test
    void sgdWithoutMomentumIsPlainGradientDescent() {
        double[] w = {1.0, -2.0};
        new SGD(0.1, 0, false).step(w, new double[] {0.5, -1.0});
        assertEquals(0.95, w[0], 1e-15);
        assertEquals(-1.9, w[1], 1e-15);
    }

    @Test
    void sgdMomentumAccumulatesVelocity() {
        double[] w = {1.0};
        SGD sgd = new SGD(0.1, 0.9, false);
        sgd.step(w, new double[] {1.0}); // v = 1, w = 0.9
        sgd.step(w, new double[] {1.0}); // v = 1.9, w = 0.71
        assertEquals(0.71, w[0], 1e-15);
    }

    @Test
    void nesterovLooksAhead() {
        double[] w = {1.0};
        SGD sgd = new SGD(0.1, 0.9, true);
        sgd.step(w, new double[] {1.0}); // v = 1, w -= 0.1 * (1 + 0.9) -> 0.81
        assertEquals(0.81, w[0], 1e-15);
        sgd.step(w, new double[] {1.0}); // v = 1.9, w -= 0.1 * (1 + 1.71) -> 0.539
        assertEquals(0.539, w[0], 1e-15);
    }

    @Test
    void adamMatchesTheHandComputedFirstTwoSteps() {
        double[] w = {0.5};
        Adam adam = new Adam(0.01, 0.9, 0.999, 1e-8);
        adam.step(w, new double[] {2.0});
        // t=1: m = 0.2, v = 0.004, mhat = 2, vhat = 4, step = 0.01 * 2 / (2 + 1e-8)
        assertEquals(0.5 - 0.01 * 2 / (2 + 1e-8), w[0], 1e-15);
        double w1 = w[0];
        adam.step(w, new double[] {-1.0});
        // t=2: m = 0.9*0.2 - 0.1 = 0.08, v = 0.999*0.004 + 0.001 = 0.004996
        double mhat = 0.08 / (1 - 0.81);
        double vhat = 0.004996 / (1 - 0.999 * 0.999);
        assertEquals(w1 - 0.01 * mhat / (Math.sqrt(vhat) + 1e-8), w[0], 1e-15);
    }

    @Test
    void badHyperParametersAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SGD(0, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new SGD(0.1, 1.0, false));
        assertThrows(IllegalArgumentException.class, () -> new Adam(-1, 0.9, 0.999, 1e-8));
        assertThrows(IllegalArgumentException.class, () -> OptimizerKind.fromName("rmsprop"));
    }

    @Test
    void adamwDecaysTheWeightsButNotTheBiasesBeforeTheAdamStep() {
        // Two parameters: a weight (index 0, in the decayed range) and a bias (index 1, not decayed).
        double[] w = {0.5, 0.5};
        Adam adamw = new Adam(0.01, 0.9, 0.999, 1e-8, 0.1, new int[][] {{0, 1}});
        adamw.step(w, new double[] {2.0, 2.0});
        // the weight: 0.5 * (1 - 0.01 * 0.1) = 0.4995, then the same Adam step as the bias gets
        double adamStep = 0.01 * 2 / (2 + 1e-8);
        assertEquals(0.5 * (1 - 0.01 * 0.1) - adamStep, w[0], 1e-15);
        assertEquals(0.5 - adamStep, w[1], 1e-15);
        double w0 = w[0];
        adamw.step(w, new double[] {-1.0, -1.0});
        double mhat = 0.08 / (1 - 0.81);
        double vhat = 0.004996 / (1 - 0.999 * 0.999);
        assertEquals(w0 * (1 - 0.001) - 0.01 * mhat / (Math.sqrt(vhat) + 1e-8), w[0], 1e-15);
    }

    /**
     * A step over a model-sized vector, whose chunks run on several threads, gives each element exactly
     * what a one-element optimizer gives it: the update is element-wise, whatever runs it.
     */
    @Test
    void longVectorsStepElementByElementAsOneElementDoes() {
        int n = 20 * (1 << 16) + 3;
        java.util.Random r = new java.util.Random(9);
        double[] w0 = new double[n];
        double[][] grads = new double[3][n];
        for (int i = 0; i < n; i++) {
            w0[i] = r.nextGaussian();
            for (double[] g : grads) {
                g[i] = r.nextGaussian() * Math.exp(3 * r.nextGaussian());
            }
        }
        int[][] decayed = {{0, n / 2}, {n / 2 + 10, n - 5}};
        java.util.function.Supplier<Optimizer[]> kinds = () -> new Optimizer[] {
            new Adam(0.01, 0.9, 0.999, 1e-8, 0.1, decayed), new Adam(0.003, 0.8, 0.99, 1e-6),
            new SGD(0.1, 0.9, true), new SGD(0.1, 0.5, false), new SGD(0.2, 0, false)};
        Optimizer[] whole = kinds.get();
        for (int k = 0; k < whole.length; k++) {
            double[] w = w0.clone();
            for (double[] g : grads) {
                whole[k].step(w, g);
            }
            for (int i : new int[] {0, 1, n / 2 - 1, n / 2, n / 2 + 9, n / 2 + 10, 1 << 16, 3 * (1 << 16) + 1,
                n - 6, n - 5, n - 1}) {
                boolean decays = (i < n / 2) || (i >= n / 2 + 10 && i < n - 5);
                Optimizer one = k == 0 ? new Adam(0.01, 0.9, 0.999, 1e-8, 0.1, decays ? new int[][] {{0, 1}}
                    : new int[0][]) : kinds.get()[k];
                double[] wi = {w0[i]};
                for (double[] g : grads) {
                    one.step(wi, new double[] {g[i]});
                }
                assertEquals(Double.doubleToRawLongBits(wi[0]), Double.doubleToRawLongBits(w[i]),
                    whole[k].getClass().getSimpleName() + " " + k + " element " + i);
            }
        }
    }

    @Test
    void schedulesGiveTheDocumentedRates() {
        double lr = 0.1;
        LrSchedule step = new LrSchedule(LrSchedule.Kind.STEP, 0.5, 2, 0, 0, 2);
        // 10 iterations per epoch: epochs 0-1 at 0.1, 2-3 at 0.05, 4-5 at 0.025
        assertEquals(0.1, step.rate(lr, 0, 10, 100), 1e-15);
        assertEquals(0.1, step.rate(lr, 19, 10, 100), 1e-15);
        assertEquals(0.05, step.rate(lr, 20, 10, 100), 1e-15);
        assertEquals(0.025, step.rate(lr, 45, 10, 100), 1e-15);
        LrSchedule exp = new LrSchedule(LrSchedule.Kind.EXPONENTIAL, 0.9, 1, 0, 0, 2);
        assertEquals(0.1 * 0.9 * 0.9 * 0.9, exp.rate(lr, 35, 10, 100), 1e-15);
        LrSchedule cosine = new LrSchedule(LrSchedule.Kind.COSINE, 0.1, 1, 0.001, 0, 2);
        assertEquals(0.1, cosine.rate(lr, 0, 10, 100), 1e-15);
        assertEquals(0.001 + 0.099 / 2, cosine.rate(lr, 50, 10, 100), 1e-15);
        assertEquals(0.001 + 0.099 * (1 + Math.cos(Math.PI * 0.75)) / 2, cosine.rate(lr, 75, 10, 100), 1e-15);
        LrSchedule warm = new LrSchedule(LrSchedule.Kind.CONSTANT, 0.1, 1, 0, 4, 2);
        assertEquals(0.025, warm.rate(lr, 0, 10, 100), 1e-15);
        assertEquals(0.075, warm.rate(lr, 2, 10, 100), 1e-15);
        assertEquals(0.1, warm.rate(lr, 4, 10, 100), 1e-15);
        LrSchedule warmCosine = new LrSchedule(LrSchedule.Kind.COSINE, 0.1, 1, 0, 10, 2);
        assertEquals(0.1 * 0.5, warmCosine.rate(lr, 4, 10, 110), 1e-15, "warm-up scales the schedule's rate");
        assertEquals(0.1 / 2, warmCosine.rate(lr, 60, 10, 110), 1e-15, "cosine runs over the iterations after warm-up");
        assertEquals(lr, new LrSchedule(LrSchedule.Kind.PLATEAU, 0.5, 1, 0, 0, 2).rate(lr, 77, 10, 100), 0,
            "plateau reductions come from the loop");
    }
}
