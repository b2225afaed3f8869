package org.sparkmlp.train;

import java.util.List;
import java.util.Map;
import org.sparkmlp.data.RowRules;
import org.sparkmlp.math.Checks;
import org.sparkmlp.nn.LayerSpec;
import org.sparkmlp.nn.ModelSpec;
import org.sparkmlp.nn.Task;
import org.sparkmlp.nn.loss.LossKind;

/**
 * Everything that decides what a training run computes: a value for each of the {@link Settings}, with
 * an accessor each (generated in {@link TrainConfigBase}). Validated on construction, so a bad value is
 * refused before any data is read. Build one with {@link #builder()}; the defaults are the settings'.
 */
public final class TrainConfig extends TrainConfigBase {
    private static final long serialVersionUID = 1L;

    TrainConfig(Map<String, Object> values) {
        super(values);
        for (Setting<?> s : Settings.ALL) {
            check(s);
        }
        List<String> labels = labelColumns();
        Checks.arg(!labels.isEmpty(), "a label column is required");
        for (String l : labels) {
            Checks.arg(l != null && !l.isBlank(), "label column names must not be empty, got %s", labels);
        }
        Checks.arg(labels.stream().distinct().count() == labels.size(), "label columns %s repeat a name", labels);
        for (String l : labels) {
            Checks.arg(!featureColumns().contains(l), "label column '%s' is also listed as a feature", l);
        }
        List<Integer> layers = layers();
        List<LayerSpec> network = network();
        Checks.arg(layers.isEmpty() != network.isEmpty(),
            "give the network as layer widths (layers, e.g. 784,128,10) or as a list of layers (network, e.g. "
                + "linear:128,relu,linear:10), %s", layers.isEmpty() ? "got neither" : "not both");
        if (network.isEmpty()) {
            // The widths, the activation, the dropout rate and the class count are the network's to check.
            ModelSpec.of(layers, activation(), loss(), dropout());
        } else {
            Checks.arg(!isSet(Settings.ACTIVATION), "the `activation` belongs to the layer-widths shorthand; with a "
                + "`network`, write the activations into it (e.g. linear:128,%s,linear:10)", activation());
            Checks.arg(dropout() == 0, "`dropout` belongs to the layer-widths shorthand; with a `network`, write "
                + "dropout:%s where it should act", dropout());
            Checks.arg(network.stream().anyMatch(l -> l.type().equals("linear")),
                "the `network` %s has no linear layer", network);
        }
        Checks.arg(!nesterov() || momentum() > 0, "`nesterov` needs `momentum` > 0");
        Checks.arg(classWeighting() == null || task() == Task.CLASSIFICATION,
            "`class-weights` need a classifier (cross-entropy `loss`)");
        Checks.arg(weightColumn() == null || (!labels.contains(weightColumn())
                && !featureColumns().contains(weightColumn())),
            "the `weight-column` '%s' cannot also be a label or a feature", weightColumn());
        // The schedule, early stopping and checkpointing records check how their settings go together.
        lrSchedule();
        earlyStopping();
        checkpointing();
        int outputs = outputWidth();
        if (task().classIndices()) {
            Checks.arg(labels.size() == 1, "a classifier has one `label` column, got %s", labels);
        } else if (task() == Task.MULTI_LABEL) {
            Checks.arg(outputs == labels.size(), "the network has %s output%s but %s `label` column%s %s; "
                    + "a multi-label model has one output per 0/1 label column: set the last layer width to %s",
                outputs, outputs == 1 ? "" : "s", labels.size(), labels.size() == 1 ? "" : "s", labels,
                labels.size());
        } else {
            Checks.arg(outputs == labels.size(), "the network has %s output%s but %s `label` column%s %s; "
                    + "a regression has one output per label: set the last layer width to %s or give %s label columns",
                outputs, outputs == 1 ? "" : "s", labels.size(), labels.size() == 1 ? "" : "s", labels,
                labels.size(), outputs);
        }
    }

    private <T> void check(Setting<T> s) {
        s.check(value(s));
    }

    /** The width of the network's output: the classes, or the regression's outputs. */
    public int outputWidth() {
        return network().isEmpty() ? layers().get(layers().size() - 1)
            : new ModelSpec(1, network(), loss()).outputDim();
    }

    /** The network for {@code inputDim} features: the {@code layers} shorthand, or the {@code network}. */
    public ModelSpec modelSpec(int inputDim) {
        if (network().isEmpty()) {
            Checks.arg(layers().get(0) == inputDim, "layers start with %s inputs but there are %s features",
                layers().get(0), inputDim);
            return ModelSpec.of(layers(), activation(), loss(), dropout());
        }
        return new ModelSpec(inputDim, network(), loss());
    }

    /** The only label column of a classifier or a one-output regression; refuses several. */
    public String labelColumn() {
        Checks.state(labelColumns().size() == 1, "there are %s label columns", labelColumns().size());
        return labelColumns().get(0);
    }

    /** What a usable input row is for this configuration: finite values, and labels the loss can score. */
    public RowRules rowRules() {
        return new RowRules(RowRules.labelsOf(loss(), outputWidth()), onInvalidRows());
    }

    /** What the outputs mean: the loss's {@link LossKind#task()}. */
    public Task task() {
        return loss().task();
    }

    /** The given weight per class; empty for none, and when they are balanced. */
    public List<Double> classWeights() {
        return classWeighting() == null ? List.of() : classWeighting().weights();
    }

    /** Whether the class weights come from the training rows' class totals. */
    public boolean balancedClassWeights() {
        return classWeighting() != null && classWeighting().balanced();
    }

    /** A fresh optimizer with this configuration's hyper-parameters, for a network of {@code spec}. */
    public org.sparkmlp.optim.Optimizer newOptimizer(ModelSpec spec) {
        return Stepper.newOptimizer(this, spec);
    }

    public static Builder builder() {
        return new Builder(Map.of());
    }

    /** A builder with the current values, for overrides. */
    public Builder toBuilder() {
        return new Builder(setValues());
    }
}
