package org.sparkmlp.optim;

import java.util.List;
import org.sparkmlp.math.Checks;

/**
 * What an optimizer's later steps depend on, for checkpoints: the learning rate, the number of steps
 * taken and its per-parameter arrays (SGD's velocity; Adam's first and second moments), empty before the
 * first step.
 */
public record OptimizerState(double learningRate, long steps, List<double[]> arrays) {
    public OptimizerState {
        Checks.arg(steps >= 0, "steps must be >= 0, got %s", steps);
        arrays = arrays.stream().map(double[]::clone).toList();
    }

    @Override
    public List<double[]> arrays() {
        return arrays.stream().map(double[]::clone).toList();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof OptimizerState s) || Double.compare(learningRate, s.learningRate) != 0 || steps != s.steps
            || arrays.size() != s.arrays.size()) {
            return false;
        }
        for (int i = 0; i < arrays.size(); i++) {
            if (!java.util.Arrays.equals(arrays.get(i), s.arrays.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(steps) * 31 + Double.hashCode(learningRate);
    }
}
