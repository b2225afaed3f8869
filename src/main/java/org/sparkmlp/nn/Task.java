package org.sparkmlp.nn;

/** What the network's output means. */
public enum Task {
    /** Softmax output over K classes, labels 0..K-1, cross-entropy loss. */
    CLASSIFICATION,
    /** Identity output, real-valued target, MSE or MAE loss. */
    REGRESSION;

    public String configName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Task fromName(String name) {
        return org.sparkmlp.math.ConfigNames.parse(values(), Task::configName, name, "task");
    }
}
