package org.sparkmlp.nn;

/** What the network's outputs mean; a model's {@link org.sparkmlp.nn.loss.Loss} says which it has. */
public enum Task {
    /** One class per row out of K: softmax output, labels 0..K-1, one label column. */
    CLASSIFICATION,
    /** Real-valued targets, one output per label column: identity output, labels standardised. */
    REGRESSION,
    /** Several yes/no labels per row, each 0 or 1 in its own label column: a sigmoid output per label. */
    MULTI_LABEL;

    public String configName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** Whether the targets are class indices (one label column) rather than a value per output. */
    public boolean classIndices() {
        return this == CLASSIFICATION;
    }

    /** Whether the labels are standardised for training and the outputs mapped back to their units. */
    public boolean scalesLabels() {
        return this == REGRESSION;
    }

    public static Task fromName(String name) {
        return org.sparkmlp.math.ConfigNames.parse(values(), Task::configName, name, "task");
    }
}
