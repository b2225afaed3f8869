package org.sparkmlp.optim;

import org.sparkmlp.math.ConfigNames;

/** The optimizers a training run can use, by configuration name, with their default learning rates. */
public enum OptimizerKind {
    SGD("sgd", 0.01),
    ADAM("adam", 0.001),
    /** Adam with decoupled weight decay (Loshchilov and Hutter, 2019). */
    ADAMW("adamw", 0.001);

    private final String configName;
    private final double defaultLearningRate;

    OptimizerKind(String configName, double defaultLearningRate) {
        this.configName = configName;
        this.defaultLearningRate = defaultLearningRate;
    }

    public String configName() {
        return configName;
    }

    public double defaultLearningRate() {
        return defaultLearningRate;
    }

    public static OptimizerKind fromName(String name) {
        return ConfigNames.parse(values(), OptimizerKind::configName, name, "optimizer");
    }

    @Override
    public String toString() {
        return configName;
    }
}
