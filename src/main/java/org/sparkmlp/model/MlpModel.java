package org.sparkmlp.model;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sparkmlp.data.Preprocessor;
import org.sparkmlp.data.TableEncoding;
import org.sparkmlp.math.Checks;
import org.sparkmlp.nn.ModelSpec;
import org.sparkmlp.nn.Task;

/**
 * A trained model: the architecture, the flat parameters, the preprocessing fitted on the training data,
 * the columns it reads, and what is known about how it was trained. Plain data; build a
 * {@link Predictor} to run it. Saved and loaded by {@link ModelIO}.
 *
 * @param spec           the network architecture
 * @param params         the flat parameter vector (not copied; treat as read-only)
 * @param preprocessor   feature standardisation and label handling
 * @param featureColumns input columns, in the order the network reads them
 * @param labelColumns   the label columns the model was trained on: one for a classifier, one per output
 *                       for a regression
 * @param training       the training configuration, as readable key/value pairs
 * @param metrics        final metrics by name (training loss, training-set metrics)
 * @param table          how a raw table's columns become the inputs {@code featureColumns} and its labels class
 *                       indexes; null when the inputs are read as numbers from the columns they name
 */
public record MlpModel(ModelSpec spec, double[] params, Preprocessor preprocessor, List<String> featureColumns,
                       List<String> labelColumns, Map<String, Object> training, Map<String, Double> metrics,
                       TableEncoding table) implements Serializable {

    /** A model that reads its inputs as numbers from the columns they name. */
    public MlpModel(ModelSpec spec, double[] params, Preprocessor preprocessor, List<String> featureColumns,
                    List<String> labelColumns, Map<String, Object> training, Map<String, Double> metrics) {
        this(spec, params, preprocessor, featureColumns, labelColumns, training, metrics, null);
    }

    public MlpModel {
        Checks.arg(params.length == spec.numParams(), "model has %s parameters but spec %s needs %s",
            params.length, spec, spec.numParams());
        Checks.arg(featureColumns.size() == spec.inputDim(), "model has %s feature columns but its input width is %s",
            featureColumns.size(), spec.inputDim());
        Checks.arg(preprocessor.numFeatures() == spec.inputDim(), "preprocessor has %s features, input width is %s",
            preprocessor.numFeatures(), spec.inputDim());
        Checks.arg(preprocessor.isClassification() == spec.task().classIndices(),
            "the preprocessing is for %s classes but the network's loss is %s", preprocessor.numClasses(), spec.loss());
        Checks.arg(!preprocessor.isClassification() || preprocessor.numClasses() == spec.outputDim(),
            "preprocessor has %s classes, output width is %s", preprocessor.numClasses(), spec.outputDim());
        Checks.arg(preprocessor.isClassification() || preprocessor.numLabels() == spec.outputDim(),
            "preprocessor has %s labels, output width is %s", preprocessor.numLabels(), spec.outputDim());
        Checks.arg(labelColumns.size() == preprocessor.numLabels(), "model has %s label columns %s but %s labels",
            labelColumns.size(), labelColumns, preprocessor.numLabels());
        Checks.arg(table == null || table.inputNames().equals(featureColumns),
            "the table encoding gives the inputs %s, the model reads %s", table == null ? null : table.inputNames(),
            featureColumns);
        Checks.arg(table == null || !table.namedClasses() || table.classes().size() == preprocessor.numClasses(),
            "the table names %s classes, the model has %s", table == null ? 0 : table.classes().size(),
            preprocessor.numClasses());
        featureColumns = List.copyOf(featureColumns);
        labelColumns = List.copyOf(labelColumns);
        training = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(training));
        metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /** What the model's outputs mean, as its loss says. */
    public Task task() {
        return spec.task();
    }

    /** Whether the model picks one class per row (a softmax classifier). */
    public boolean isClassification() {
        return preprocessor.isClassification();
    }

    public int numClasses() {
        return preprocessor.numClasses();
    }

    /**
     * The columns this model reads numbers from: its features, then its labels (to evaluate it); none of a
     * table's columns, whose fields its encoding reads.
     */
    public List<String> numericColumns() {
        if (table != null) {
            return table.namedClasses() ? List.of() : labelColumns;
        }
        List<String> columns = new java.util.ArrayList<>(featureColumns);
        columns.addAll(labelColumns);
        return columns;
    }

    /**
     * {@code metrics} as this model names them: each per-class key with its class's name when the label named
     * its classes ({@link TableEncoding#withClassNames}), else as they are.
     */
    public <V> Map<String, V> withClassNames(Map<String, V> metrics) {
        return table == null ? metrics : table.withClassNames(metrics);
    }

    /** Empty metrics of this model's kind: its classes, its labels, or its regression outputs. */
    public Metrics newMetrics() {
        return task() == Task.MULTI_LABEL ? Metrics.multiLabel(preprocessor.numLabels())
            : new Metrics(numClasses(), preprocessor.numLabels());
    }

    /** A model of these weights with placeholder column names, for evaluating weights during training. */
    public static MlpModel unnamed(ModelSpec spec, double[] params, Preprocessor prep) {
        List<String> names = new java.util.ArrayList<>();
        for (int j = 0; j < spec.inputDim(); j++) {
            names.add("x" + j);
        }
        List<String> labels = new java.util.ArrayList<>();
        for (int j = 0; j < prep.numLabels(); j++) {
            labels.add(prep.numLabels() == 1 ? "label" : "label" + j);
        }
        return new MlpModel(spec, params, prep, names, labels, Map.of(), Map.of());
    }

    /** A predictor for batches of up to {@code capacity} rows. */
    public Predictor newPredictor(int capacity) {
        return new Predictor(this, capacity);
    }

    /** The same model with other metrics. */
    public MlpModel withMetrics(Map<String, Double> newMetrics) {
        return new MlpModel(spec, params, preprocessor, featureColumns, labelColumns, training, newMetrics, table);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MlpModel m && spec.equals(m.spec) && java.util.Arrays.equals(params, m.params)
            && preprocessor.equals(m.preprocessor) && featureColumns.equals(m.featureColumns)
            && labelColumns.equals(m.labelColumns) && java.util.Objects.equals(table, m.table);
    }

    @Override
    public int hashCode() {
        return spec.hashCode() * 31 + java.util.Arrays.hashCode(params);
    }

    @Override
    public String toString() {
        return "MlpModel(" + spec + ", labels=" + labelColumns + ", " + featureColumns.size() + " features)";
    }
}
