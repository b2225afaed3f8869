package org.sparkmlp.nn.loss;

import java.util.Arrays;
import java.util.stream.Collectors;

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
        for (LossKind k : values()) {
            if (k.configName.equalsIgnoreCase(name.trim())) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown loss '" + name + "'; expected one of "
            + Arrays.stream(values()).map(LossKind::configName).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return configName;
    }
}
