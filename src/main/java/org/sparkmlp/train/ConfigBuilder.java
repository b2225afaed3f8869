package org.sparkmlp.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link TrainConfig.Builder} does for every setting alike: set a value, or read one from the command
 * line's text; and the forms that are not one setting's typed value ({@code layers(784, 128, 10)},
 * {@code fullBatch()}, ...). The typed methods, one per setting, are generated beside it.
 */
public abstract class ConfigBuilder {
    private final Map<String, Object> values;

    ConfigBuilder(Map<String, Object> values) {
        this.values = new LinkedHashMap<>(values);
    }

    abstract TrainConfig.Builder self();

    /** Sets {@code s} to {@code value}; null leaves it at its default. */
    public <T> TrainConfig.Builder set(Setting<T> s, T value) {
        if (value == null) {
            values.remove(s.name());
        } else {
            values.put(s.name(), value);
        }
        return self();
    }

    /**
     * Reads {@code text} as the command line and job files write {@code s}'s value, and sets it.
     *
     * @throws NumberFormatException    naming the setting, when a number is malformed
     * @throws IllegalArgumentException naming the setting, when the value is not one it takes
     */
    public <T> TrainConfig.Builder apply(Setting<T> s, String text) {
        return set(s, s.parse(text));
    }

    Map<String, Object> values() {
        return values;
    }

    /** One label column. */
    public TrainConfig.Builder labelColumn(String v) {
        return set(Settings.LABEL, List.of(v));
    }

    /** The command line's form of the label: one column, or several separated by commas. */
    public TrainConfig.Builder label(String v) {
        return apply(Settings.LABEL, v);
    }

    public TrainConfig.Builder features(String... v) {
        return set(Settings.FEATURES, List.of(v));
    }

    public TrainConfig.Builder layers(Integer... v) {
        return set(Settings.LAYERS, List.of(v));
    }

    /** The hidden layers' widths alone; the input and output widths come from the data. */
    public TrainConfig.Builder hidden(Integer... v) {
        return set(Settings.HIDDEN, List.of(v));
    }

    /** The command line's form of the network: {@code linear:256,gelu,dropout:0.2,linear:10}. */
    public TrainConfig.Builder network(String v) {
        return apply(Settings.NETWORK, v);
    }

    /** Every row in every iteration: the command line's {@code --batch-size full}. */
    public TrainConfig.Builder fullBatch() {
        return set(Settings.BATCH_SIZE, 0);
    }

    /** {@code w0,w1,...} or {@code balanced}, as on the command line. */
    public TrainConfig.Builder classWeights(String v) {
        return apply(Settings.CLASS_WEIGHTS, v);
    }

    /** A weight per class; empty for none. */
    public TrainConfig.Builder classWeights(List<Double> v) {
        return set(Settings.CLASS_WEIGHTS, v.isEmpty() ? null : new ClassWeights(v, false));
    }

    /** Class weights from the training rows' class totals, instead of given ones. */
    public TrainConfig.Builder balancedClassWeights(boolean v) {
        return set(Settings.CLASS_WEIGHTS, v ? ClassWeights.BALANCED : null);
    }
}
