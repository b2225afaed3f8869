package org.sparkmlp.train;

import org.sparkmlp.math.ConfigNames;

/** The arithmetic of the gradient pass. Parameters, gradient sums and optimizer state are always double. */
public enum Precision {
    /** float32 buffers and single-precision GEMM: about twice as fast; gradients agree to about 1e-5. */
    FLOAT("float"),
    /** double-precision throughout: the reference. */
    DOUBLE("double");

    private final String configName;

    Precision(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static Precision fromName(String name) {
        return ConfigNames.parse(values(), Precision::configName, name, "precision");
    }

    @Override
    public String toString() {
        return configName;
    }
}
