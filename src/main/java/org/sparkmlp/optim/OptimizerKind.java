package org.sparkmlp.optim;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The optimizers a training run can use, by configuration name, with their default learning rates. */
public enum OptimizerKind {
    SGD("sgd", 0.01),
    ADAM("adam", 0.001);

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
        for (OptimizerKind k : values()) {
            if (k.configName.equalsIgnoreCase(name.trim())) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown optimizer '" + name + "'; expected one of "
            + Arrays.stream(values()).map(OptimizerKind::configName).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return configName;
    }
}
