package org.sparkmlp.optim;

import java.util.List;
import org.sparkmlp.math.Checks;
import org.sparkmlp.math.Chunks;

/**
 * Adam (Kingma and Ba, 2015, Algorithm 1): {@code m = b1 m + (1 - b1) g},
 * {@code v = b2 v + (1 - b2) g^2}, {@code w -= lr * mhat / (sqrt(vhat) + eps)} with the bias corrections
 * {@code mhat = m / (1 - b1^t)} and {@code vhat = v / (1 - b2^t)}.
 */
public final class Adam extends AbstractOptimizer {
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double decoupledDecay;
    private final int[][] decayRanges;
    private double[] m;
    private double[] v;
    private long t;

    public Adam(double learningRate, double beta1, double beta2, double epsilon) {
        this(learningRate, beta1, beta2, epsilon, 0, new int[0][]);
    }

    /**
     * AdamW when {@code decoupledDecay > 0}: before each Adam update, every parameter in
     * {@code decayRanges} is multiplied by {@code 1 - lr * decoupledDecay} (the order PyTorch's AdamW uses).
     */
    public Adam(double learningRate, double beta1, double beta2, double epsilon, double decoupledDecay,
                int[][] decayRanges) {
        super(learningRate);
        Checks.arg(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1,
            "Adam betas must be in [0, 1), got %s and %s", beta1, beta2);
        Checks.arg(epsilon > 0, "Adam epsilon must be > 0, got %s", epsilon);
        Checks.arg(decoupledDecay >= 0, "weight decay must be >= 0, got %s", decoupledDecay);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.decoupledDecay = decoupledDecay;
        this.decayRanges = decayRanges;
    }

    @Override
    public void step(double[] params, double[] grad) {
        checkLengths(params, grad);
        if (m == null) {
            m = new double[params.length];
            v = new double[params.length];
        }
        t++;
        if (decoupledDecay > 0) {
            double keep = 1 - learningRate() * decoupledDecay;
            for (int[] r : decayRanges) {
                Chunks.forEach(r[0], r[1], (from, to) -> {
                    for (int i = from; i < to; i++) {
                        params[i] *= keep;
                    }
                });
            }
        }
        double c1 = 1 - Math.pow(beta1, t);
        double c2 = 1 - Math.pow(beta2, t);
        double lr = learningRate();
        double[] m = this.m;
        double[] v = this.v;
        Chunks.forEach(params.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                double g = grad[i];
                m[i] = beta1 * m[i] + (1 - beta1) * g;
                v[i] = beta2 * v[i] + (1 - beta2) * g * g;
                params[i] -= lr * (m[i] / c1) / (Math.sqrt(v[i] / c2) + epsilon);
            }
        });
    }

    @Override
    public int stateArrays() {
        return 2;
    }

    @Override
    public OptimizerState state() {
        return new OptimizerState(learningRate(), t, m == null ? List.of() : List.of(m, v));
    }

    @Override
    public void restore(OptimizerState state) {
        Checks.arg(state.arrays().size() == 0 || state.arrays().size() == 2,
            "Adam state has two arrays (the moments), got %s", state.arrays().size());
        setLearningRate(state.learningRate());
        t = state.steps();
        m = state.arrays().isEmpty() ? null : state.arrays().get(0);
        v = state.arrays().isEmpty() ? null : state.arrays().get(1);
    }
}
