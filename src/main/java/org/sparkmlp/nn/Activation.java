package org.sparkmlp.nn;

import org.sparkmlp.math.ConfigNames;

/** Hidden-layer activations, by their configuration names. */
public enum Activation {
    RELU("relu"),
    SIGMOID("sigmoid"),
    TANH("tanh");

    private final String configName;

    Activation(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    /** A new layer computing this activation. */
    public Layer newLayer() {
        return switch (this) {
            case RELU -> new ReLU();
            case SIGMOID -> new Sigmoid();
            case TANH -> new Tanh();
        };
    }

    /** Parses a configuration name such as {@code relu}; the error lists the valid ones. */
    public static Activation fromName(String name) {
        return ConfigNames.parse(values(), Activation::configName, name, "activation");
    }

    @Override
    public String toString() {
        return configName;
    }
}
