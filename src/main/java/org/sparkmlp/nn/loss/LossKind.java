package org.sparkmlp.nn.loss;

import org.sparkmlp.math.ConfigNames;

/** The losses a model can be configured with, by their configuration names. */
public enum LossKind {
    CROSS_ENTROPY("cross-entropy"),
    MSE("mse"),
    MAE("mae");

    private final String configName;

    LossKind(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    /** A new loss object of this kind. */
    public Loss create() {
        return switch (this) {
            case CROSS_ENTROPY -> new CrossEntropy();
            case MSE -> new MSE();
            case MAE -> new MAE();
        };
    }

    /** Parses a configuration name such as {@code cross-entropy}; the error lists the valid ones. */
    public static LossKind fromName(String name) {
        return ConfigNames.parse(values(), LossKind::configName, name, "loss");
    }

    @Override
    public String toString() {
        return configName;
    }
}
