package org.sparkmlp.math;

/**
 * The arithmetic a network runs in: the storage of its {@link Matrix} buffers and of its flat parameter
 * vector. Every layer and loss works in either; the driver's master weights, the gradient sums across
 * partitions and the optimizer state are double whatever the network's precision.
 */
public enum Precision {
    /** float32 buffers and single-precision GEMM: about twice as fast; gradients agree to about 1e-5. */
    FLOAT("float"),
    /** float64 throughout: the reference, used for gradient checks and prediction. */
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
