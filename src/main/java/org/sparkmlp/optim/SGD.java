package org.sparkmlp.optim;

import java.util.List;
import org.sparkmlp.math.Checks;
import org.sparkmlp.math.Chunks;

/**
 * Stochastic gradient descent with optional momentum, in the form PyTorch uses:
 * {@code v = momentum * v + g}, then {@code w -= lr * v}, or with Nesterov momentum
 * {@code w -= lr * (g + momentum * v)}. With {@code momentum = 0} it is {@code w -= lr * g}.
 */
public final class SGD extends AbstractOptimizer {
    private final double momentum;
    private final boolean nesterov;
    private double[] velocity;
    private long steps;

    public SGD(double learningRate, double momentum, boolean nesterov) {
        super(learningRate);
        Checks.arg(momentum >= 0 && momentum < 1, "momentum must be in [0, 1), got %s", momentum);
        Checks.arg(!nesterov || momentum > 0, "Nesterov momentum needs momentum > 0");
        this.momentum = momentum;
        this.nesterov = nesterov;
    }

    @Override
    public void step(double[] params, double[] grad) {
        checkLengths(params, grad);
        steps++;
        double lr = learningRate();
        if (momentum == 0) {
            Chunks.forEach(params.length, (from, to) -> {
                for (int i = from; i < to; i++) {
                    params[i] -= lr * grad[i];
                }
            });
            return;
        }
        if (velocity == null) {
            velocity = new double[params.length];
        }
        double[] velocity = this.velocity;
        Chunks.forEach(params.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                double v = momentum * velocity[i] + grad[i];
                velocity[i] = v;
                params[i] -= lr * (nesterov ? grad[i] + momentum * v : v);
            }
        });
    }

    @Override
    public int stateArrays() {
        return momentum == 0 ? 0 : 1;
    }

    @Override
    public OptimizerState state() {
        return new OptimizerState(learningRate(), steps, velocity == null ? List.of() : List.of(velocity));
    }

    @Override
    public void restore(OptimizerState state) {
        Checks.arg(state.arrays().size() <= 1, "SGD state has one array (the velocity), got %s",
            state.arrays().size());
        setLearningRate(state.learningRate());
        steps = state.steps();
        velocity = state.arrays().isEmpty() ? null : state.arrays().get(0);
    }
}
