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
        List<String> given = java.util.stream.Stream.of(layers.isEmpty() ? null : "layers",
            hidden().isEmpty() ? null : "hidden", network.isEmpty() ? null : "network")
            .filter(java.util.Objects::nonNull).toList();
        Checks.arg(given.size() <= 1, "give the network one way: as layer widths (layers, e.g. 784,128,10), as "
            + "hidden widths (hidden, e.g. 128,64) or as a list of layers (network, e.g. linear:128,relu,linear:10); "
            + "got %s", String.join(" and ", given));
        if (!layers.isEmpty()) {
            // The widths, the activation, the dropout rate and the class count are the network's to check.
            ModelSpec.of(layers, activation(), loss(), dropout());
        } else if (network.isEmpty()) {
            Checks.arg(hidden().stream().allMatch(w -> w != null && w > 0), "hidden widths must be positive "
                + "integers, got %s", hidden());
            ModelSpec.of(widths(2, hidden().isEmpty() ? DefaultNetwork.hidden(2) : hidden(), 2), activation(), loss(),
                dropout());
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
        int outputs = outputsFromData() ? labels.size() : outputWidth();
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

    /** The most classes a classifier counts from its labels, when no layer width says how many there are. */
    public static final int MAX_INFERRED_CLASSES = 1000;
    /** The most distinct whole numbers a numeric label may hold to be read as class indexes when no loss is given. */
    public static final int MAX_CLASS_INDEX_VALUES = 100;

    /**
     * Whether the profile of a numeric label calls for a regression when neither a loss nor the output width
     * was given: anything but class indexes (whole numbers from 0 with at most {@value #MAX_CLASS_INDEX_VALUES}
     * distinct values) is a regression target.
     */
    public boolean regressesOn(org.sparkmlp.data.ColumnProfile label) {
        return !isSet(Settings.LOSS) && outputsFromData() && label != null && label.numeric()
            && !(label.integers() && label.min() >= 0 && label.distinctNumbers() <= MAX_CLASS_INDEX_VALUES);
    }

    /**
     * Whether the output width comes from the data: the classes found in the labels, or one output per label
     * column; so it is with {@code hidden} widths or no network at all.
     */
    public boolean outputsFromData() {
        return layers().isEmpty() && network().isEmpty();
    }

    /**
     * The width of the network's output: the classes, or the regression's outputs. Refused when it comes from
     * the data ({@link #outputsFromData()}) for a classifier, whose classes are counted when it is read.
     */
    public int outputWidth() {
        if (outputsFromData()) {
            Checks.state(!task().classIndices(), "a classifier's classes are counted from its labels");
            return labelColumns().size();
        }
        return network().isEmpty() ? layers().get(layers().size() - 1)
            : new ModelSpec(1, network(), loss()).outputDim();
    }

    /**
     * The network for {@code inputDim} features and, when the output width comes from the data, {@code classes}
     * (0 unless a classifier): the {@code layers} shorthand, the {@code network}, or {@code hidden} widths (the
     * {@link DefaultNetwork default} ones when none is given) between the inputs and the outputs.
     */
    public ModelSpec modelSpec(int inputDim, int classes) {
        if (!network().isEmpty()) {
            return new ModelSpec(inputDim, network(), loss());
        }
        if (!layers().isEmpty()) {
            Checks.arg(layers().get(0) == inputDim, "layers start with %s inputs but there are %s features",
                layers().get(0), inputDim);
            return ModelSpec.of(layers(), activation(), loss(), dropout());
        }
        int outputs = task().classIndices() ? classes : labelColumns().size();
        List<Integer> hidden = hidden().isEmpty() ? DefaultNetwork.hidden(inputDim) : hidden();
        return ModelSpec.of(widths(inputDim, hidden, outputs), activation(), loss(), dropout());
    }

    private static List<Integer> widths(int inputs, List<Integer> hidden, int outputs) {
        List<Integer> widths = new java.util.ArrayList<>();
        widths.add(inputs);
        widths.addAll(hidden);
        widths.add(outputs);
        return widths;
    }

    /** The only label column of a classifier or a one-output regression; refuses several. */
    public String labelColumn() {
        Checks.state(labelColumns().size() == 1, "there are %s label columns", labelColumns().size());
        return labelColumns().get(0);
    }

    /** What a usable input row is for this configuration: finite values, and labels the loss can score. */
    public RowRules rowRules() {
        if (outputsFromData() && task().classIndices()) {
            return new RowRules(v -> v == Math.rint(v) && v >= 0 && v < MAX_INFERRED_CLASSES ? null
                : (v != Math.rint(v) ? "is not an integer" : v < 0 ? "is negative" : "is too large")
                    + "; expected a class index 0.." + (MAX_INFERRED_CLASSES - 1) + " (the classes are counted from "
                    + "the labels; give the output width with layers or network for more)", onInvalidRows());
        }
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
