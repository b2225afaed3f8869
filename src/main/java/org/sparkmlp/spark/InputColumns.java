package org.sparkmlp.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.StringType;
import org.sparkmlp.data.RowRules;
import org.sparkmlp.data.TableEncoding;
import org.sparkmlp.math.Checks;

/**
 * The columns one input is read from: the features (numbers, vectors, arrays; see {@link InputColumn}),
 * the labels and the optional weight, resolved against the input's schema. Rows are read from a
 * projection of exactly these columns, in the input's order: {@link #selected}.
 */
final class InputColumns implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Pattern ELEMENT = Pattern.compile("(.*)\\[(\\d+)]");

    private final List<InputColumn> features;
    private final List<InputColumn> labels;
    private final InputColumn weight;
    private final int numFeatures;
    /** The columns read, in the input's order, so that selecting them is only a pruning. */
    private final List<String> selected;
    private final int[] featureOrdinals;
    private final int[] labelOrdinals;
    private final int weightOrdinal;
    /** Whether the features, one vector column, are read as sparse rows. */
    private final boolean sparse;
    /** The schema the columns were found in, to make the sparse form on the driver. */
    private final transient StructType schema;

    private InputColumns(List<InputColumn> features, List<InputColumn> labels, InputColumn weight,
                         StructType schema) {
        this(features, labels, weight, schema, false);
    }

    private InputColumns(List<InputColumn> features, List<InputColumn> labels, InputColumn weight,
                         StructType schema, boolean sparse) {
        this.sparse = sparse;
        this.features = List.copyOf(features);
        this.labels = List.copyOf(labels);
        this.weight = weight;
        this.numFeatures = features.stream().mapToInt(InputColumn::width).sum();
        this.selected = TableScan.read(List.of(schema.fieldNames()), features.stream().map(InputColumn::name).toList(),
            labels.stream().map(InputColumn::name).toList(), weight == null ? null : weight.name());
        this.featureOrdinals = features.stream().mapToInt(c -> selected.indexOf(c.name())).toArray();
        this.labelOrdinals = labels.stream().mapToInt(c -> selected.indexOf(c.name())).toArray();
        this.weightOrdinal = weight == null ? -1 : selected.indexOf(weight.name());
        this.schema = schema;
    }

    /**
     * These columns read as sparse rows when the features are one vector column of at least
     * {@code minWidth} values ({@code 0}: never); else these columns as they are.
     */
    InputColumns sparseFrom(int minWidth) {
        boolean wide = minWidth > 0 && features.size() == 1 && features.get(0).kind() == InputColumn.Kind.VECTOR
            && numFeatures >= minWidth;
        return wide == sparse ? this : new InputColumns(features, labels, weight, schema, wide);
    }

    /**
     * The columns for scoring {@code model}: sparse rows where the features are one wide vector column
     * ({@link org.sparkmlp.train.TrainConfig#sparseWidth()}'s default) and the model's preprocessing does
     * not centre them, which then scores them as it would their dense values.
     */
    InputColumns forScoring(org.sparkmlp.model.MlpModel model) {
        boolean uncentred = java.util.Arrays.stream(model.preprocessor().featureMean()).allMatch(m -> m == 0);
        return uncentred ? sparseFrom(org.sparkmlp.train.Settings.SPARSE_WIDTH.defaultValue()) : this;
    }

    /** Whether the features are read as sparse rows ({@link #readSparse}). */
    boolean sparse() {
        return sparse;
    }

    /** Reads the features of a row of {@link #selected}, one vector column, as a sparse row; returns its count. */
    int readSparse(InternalRow row, int[] columns, float[] values) {
        return readSparse(row, featureOrdinals, columns, values);
    }

    /** {@link #readSparse(InternalRow, int[], float[])} for an internal row of any shape, its column at {@code ordinals[0]}. */
    int readSparse(InternalRow row, int[] ordinals, int[] columns, float[] values) {
        return features.get(0).readSparse(row, ordinals[0], columns, values);
    }

    /**
     * The columns to train on. {@code requested} features when given, otherwise every column besides the
     * labels and the weight that holds numbers: numeric columns, Spark ML vectors and arrays of numbers.
     * The width of a vector or array column comes from its ML attributes (as {@code VectorAssembler}
     * writes them), otherwise from its first non-null value.
     */
    static InputColumns forTraining(Dataset<Row> df, List<String> labels, List<String> requested, String weight,
                                    String source) {
        StructType schema = df.schema();
        List<String> names = List.of(schema.fieldNames());
        List<InputColumn> labelColumns = new ArrayList<>();
        for (String label : labels) {
            labelColumns.add(number(schema, label, "label", source));
        }
        InputColumn weightColumn = weight == null ? null : number(schema, weight, "weight", source);
        List<String> chosen = new ArrayList<>();
        if (requested.isEmpty()) {
            for (StructField f : schema.fields()) {
                if (!labels.contains(f.name()) && !f.name().equals(weight) && InputColumn.kindOf(f.dataType()) != null) {
                    chosen.add(f.name());
                }
            }
            Checks.arg(!chosen.isEmpty(), "%s has no numeric, vector or array columns besides the labels %s; its "
                + "columns are %s", source, labels, schema.simpleString());
        } else {
            chosen.addAll(requested);
        }
        List<InputColumn> features = new ArrayList<>();
        for (String c : chosen) {
            Checks.arg(names.contains(c), "feature column '%s' is not in %s; its columns are %s", c, source, names);
            StructField f = schema.apply(c);
            InputColumn.Kind kind = InputColumn.kindOf(f.dataType());
            Checks.arg(kind != null, "feature column '%s' in %s is %s; expected a number, a vector or an array of "
                + "numbers", c, source, f.dataType().simpleString());
            features.add(kind == InputColumn.Kind.NUMBER ? InputColumn.number(f)
                : InputColumn.multi(f, width(df, f, source)));
        }
        return new InputColumns(features, labelColumns, weightColumn, schema);
    }

    /**
     * The feature columns {@link #forTraining} would read when each of them holds one value per row (a number,
     * a string or a boolean), so that a table encoding can read them; null when one is a vector or an array.
     */
    static List<StructField> scalarFeatures(StructType schema, List<String> labels, List<String> requested,
                                            String weight, String source) {
        List<String> names = List.of(schema.fieldNames());
        for (String label : labels) {
            Checks.arg(names.contains(label), "label column '%s' is not in %s; its columns are %s", label, source, names);
        }
        Checks.arg(weight == null || names.contains(weight), "weight column '%s' is not in %s; its columns are %s",
            weight, source, names);
        List<StructField> chosen = new ArrayList<>();
        for (StructField f : schema.fields()) {
            boolean wanted = requested.isEmpty() ? !labels.contains(f.name()) && !f.name().equals(weight)
                : requested.contains(f.name());
            if (!wanted) {
                continue;
            }
            InputColumn.Kind kind = InputColumn.kindOf(f.dataType());
            boolean scalar = kind == InputColumn.Kind.NUMBER || f.dataType() instanceof StringType
                || f.dataType() instanceof BooleanType;
            if (kind == InputColumn.Kind.VECTOR || kind == InputColumn.Kind.ARRAY) {
                return null;
            }
            if (scalar) {
                chosen.add(f);
            } else if (!requested.isEmpty()) {
                return null;
            }
        }
        for (String c : requested) {
            Checks.arg(names.contains(c), "feature column '%s' is not in %s; its columns are %s", c, source, names);
        }
        return chosen.isEmpty() ? null : chosen;
    }

    /**
     * The columns to train on through {@code table}: its columns as features, the labels (class names when
     * the table names classes) and the weight.
     *
     * @param imputes whether a missing feature is filled by the table; else it is refused
     */
    static InputColumns forTable(StructType schema, TableEncoding table, List<String> labels, String weight,
                                 boolean imputes, String source) {
        List<String> names = List.of(schema.fieldNames());
        List<InputColumn> features = new ArrayList<>();
        for (int c = 0; c < table.columns().size(); c++) {
            String name = table.columns().get(c).name();
            Checks.arg(names.contains(name), "%s has no column '%s', which the model reads as feature %s of %s; its "
                + "columns are %s", source, name, c + 1, table.columns().size(), names);
            features.add(InputColumn.encoded(schema.apply(name), table, c, source, imputes));
        }
        List<InputColumn> labelColumns = new ArrayList<>();
        for (String label : labels) {
            Checks.arg(names.contains(label), "label column '%s' is not in %s; its columns are %s", label, source,
                names);
            labelColumns.add(table.namedClasses() ? InputColumn.className(schema.apply(label), table)
                : number(schema, label, "label", source));
        }
        InputColumn weightColumn = weight == null ? null : number(schema, weight, "weight", source);
        return new InputColumns(features, labelColumns, weightColumn, schema);
    }

    /**
     * The columns a model reads, by its feature names ({@code name} for a number column, {@code name[i]}
     * for the elements of a vector or array column), and its label columns when {@code labels} is not
     * null (to evaluate it).
     */
    static InputColumns forModel(StructType schema, List<String> featureNames, List<String> labels, String source) {
        List<String> names = List.of(schema.fieldNames());
        List<InputColumn> features = new ArrayList<>();
        int j = 0;
        while (j < featureNames.size()) {
            String c = featureNames.get(j);
            Matcher m = ELEMENT.matcher(c);
            if (!names.contains(c) && m.matches() && m.group(2).equals("0") && names.contains(m.group(1))) {
                String base = m.group(1);
                int w = 0;
                while (j + w < featureNames.size() && featureNames.get(j + w).equals(base + "[" + w + "]")) {
                    w++;
                }
                StructField f = schema.apply(base);
                InputColumn.Kind kind = InputColumn.kindOf(f.dataType());
                Checks.arg(kind == InputColumn.Kind.VECTOR || kind == InputColumn.Kind.ARRAY,
                    "column '%s' in %s is %s; the model reads it as a vector or an array of %s numbers", base, source,
                    f.dataType().simpleString(), w);
                features.add(InputColumn.multi(f, w));
                j += w;
                continue;
            }
            Checks.arg(names.contains(c), "%s has no column '%s', which the model reads as feature %s of %s; its "
                + "columns are %s", source, c, j + 1, featureNames.size(), names);
            features.add(number(schema, c, "feature", source));
            j++;
        }
        List<InputColumn> labelColumns = new ArrayList<>();
        if (labels != null) {
            for (String label : labels) {
                labelColumns.add(number(schema, label, "label", source));
            }
        }
        return new InputColumns(features, labelColumns, null, schema);
    }

    /**
     * The columns {@code model} reads: through its table encoding when it has one, else by its feature names
     * ({@link #forModel(StructType, List, List, String)}); its label columns too when {@code withLabels}.
     */
    static InputColumns forModel(StructType schema, org.sparkmlp.model.MlpModel model, boolean withLabels,
                                 String source) {
        if (model.table() == null) {
            return forModel(schema, model.featureColumns(), withLabels ? model.labelColumns() : null, source);
        }
        return forTable(schema, model.table(), withLabels ? model.labelColumns() : List.of(), null, true, source);
    }

    /** The same columns in {@code schema}, which must have each of them, of the same kind and width. */
    InputColumns on(StructType schema, String source) {
        InputColumns same = forModel(schema, featureNames(), labels.stream().map(InputColumn::name).toList(), source);
        InputColumn w = weight == null ? null : number(schema, weight.name(), "weight", source);
        return new InputColumns(same.features, same.labels, w, schema, sparse);
    }

    private static InputColumn number(StructType schema, String name, String role, String source) {
        List<String> names = List.of(schema.fieldNames());
        Checks.arg(names.contains(name), "%s column '%s' is not in %s; its columns are %s", role, name, source, names);
        InputColumn c = InputColumn.number(schema.apply(name));
        Checks.arg(c != null, "%s column '%s' in %s is %s; expected a numeric type", role, name, source,
            schema.apply(name).dataType().simpleString());
        return c;
    }

    /** A vector or array column's width: from its ML attributes, else from its first non-null value. */
    private static int width(Dataset<Row> df, StructField f, String source) {
        int fromAttributes = attributeCount(f.metadata());
        if (fromAttributes > 0) {
            return fromAttributes;
        }
        Column c = column(f.name());
        InputColumn probe = InputColumn.multi(f, 0);
        // executeTake reads partitions one at a time until it has the row; a collect of the limit would start
        // a task on every partition.
        InternalRow[] first = (InternalRow[]) df.select(c).where(c.isNotNull()).queryExecution().executedPlan()
            .executeTake(1);
        Checks.arg(first.length > 0, "feature column '%s' in %s has no values to tell its width", f.name(), source);
        return probe.widthOf(first[0], 0);
    }

    /** The attribute count Spark ML keeps in a vector column's metadata, or 0 when it keeps none. */
    static int attributeCount(Metadata metadata) {
        if (!metadata.contains("ml_attr")) {
            return 0;
        }
        Metadata attr = metadata.getMetadata("ml_attr");
        if (attr.contains("num_attrs")) {
            return (int) attr.getLong("num_attrs");
        }
        if (!attr.contains("attrs")) {
            return 0;
        }
        Metadata attrs = attr.getMetadata("attrs");
        int n = 0;
        for (String kind : List.of("numeric", "nominal", "binary")) {
            if (attrs.contains(kind)) {
                n += attrs.getMetadataArray(kind).length;
            }
        }
        return n;
    }

    /** A column by its exact name, dots and all. */
    static Column column(String name) {
        return org.apache.spark.sql.functions.col("`" + name.replace("`", "``") + "`");
    }

    /** The names of the columns these read, in the input's order, as {@link TableScan#select} selects them. */
    List<String> selected() {
        return selected;
    }

    int numFeatures() {
        return numFeatures;
    }

    int numLabels() {
        return labels.size();
    }

    boolean weighted() {
        return weight != null;
    }

    /** The network's inputs, in order: column names, and {@code name[i]} for vector and array elements. */
    List<String> featureNames() {
        List<String> names = new ArrayList<>(numFeatures);
        features.forEach(c -> names.addAll(c.featureNames()));
        return names;
    }

    /** Whether every column read holds one number: then whole column vectors can be read at once. */
    boolean allNumbers() {
        return numFeatures == features.size()
            && features.stream().allMatch(c -> c.kind() == InputColumn.Kind.NUMBER)
            && labels.stream().allMatch(c -> c.kind() == InputColumn.Kind.NUMBER);
    }

    /** Values per row in {@link #decode}'s layout: the features, the labels, the weight. */
    int rowWidth() {
        return numFeatures + labels.size() + (weight == null ? 0 : 1);
    }

    /**
     * Reads rows {@code from..from+n)} of a columnar batch of {@link #selected} (every column a number) into
     * {@code values}, row-major in {@link #rowWidth} values per row, null flags in {@code nulls}; nothing is
     * checked yet.
     */
    void decode(org.apache.spark.sql.vectorized.ColumnarBatch batch, int from, int n, double[] values,
                boolean[] nulls) {
        int w = rowWidth();
        for (int j = 0; j < features.size(); j++) {
            features.get(j).readColumn(batch.column(featureOrdinals[j]), from, n, values, w, j, nulls);
        }
        for (int j = 0; j < labels.size(); j++) {
            labels.get(j).readColumn(batch.column(labelOrdinals[j]), from, n, values, w, numFeatures + j, nulls);
        }
        if (weight != null) {
            weight.readColumn(batch.column(weightOrdinal), from, n, values, w, w - 1, nulls);
        }
    }

    /** Checks row {@code r} of {@link #decode}'s output and copies its features into {@code x}. */
    void readFeatures(double[] values, boolean[] nulls, int r, double[] x) {
        int off = r * rowWidth();
        for (int j = 0; j < numFeatures; j++) {
            if (nulls[off + j]) {
                throw features.get(j).missing();
            }
            double v = values[off + j];
            x[j] = Math.abs(v) <= Float.MAX_VALUE ? v : features.get(j).check(v, -1);
        }
    }

    /** Checks row {@code r}'s labels of {@link #decode}'s output into {@code y}. */
    void readLabels(double[] values, boolean[] nulls, int r, RowRules rules, double[] y) {
        int off = r * rowWidth() + numFeatures;
        for (int j = 0; j < labels.size(); j++) {
            InputColumn c = labels.get(j);
            if (nulls[off + j]) {
                throw c.missing();
            }
            y[j] = c.check(values[off + j], -1);
            rules.checkLabel(y[j], c.name());
        }
    }

    /** Checks row {@code r}'s weight of {@link #decode}'s output. */
    float readWeight(double[] values, boolean[] nulls, int r) {
        int at = (r + 1) * rowWidth() - 1;
        if (nulls[at]) {
            throw weight.missing();
        }
        double w = weight.check(values[at], -1);
        RowRules.checkWeight(w, weight.name());
        return (float) w;
    }

    /** Reads the features of a row of {@link #selected} into {@code x[0..numFeatures)}. */
    void readFeatures(InternalRow row, double[] x) {
        readFeatures(row, featureOrdinals, x);
    }

    /** Reads the features of an internal row of any shape, its columns at {@code ordinals}, into {@code x}. */
    void readFeatures(InternalRow row, int[] ordinals, double[] x) {
        int off = 0;
        for (int i = 0; i < features.size(); i++) {
            InputColumn c = features.get(i);
            c.read(row, ordinals[i], x, off);
            off += c.width();
        }
    }

    /** The ordinals of the feature columns in {@code schema}. */
    int[] featureOrdinals(StructType schema) {
        return features.stream().mapToInt(c -> schema.fieldIndex(c.name())).toArray();
    }

    /** Reads and checks the labels of a row of {@link #selected} into {@code y[0..numLabels)}. */
    void readLabels(InternalRow row, RowRules rules, double[] y) {
        for (int j = 0; j < labels.size(); j++) {
            InputColumn c = labels.get(j);
            c.read(row, labelOrdinals[j], y, j);
            rules.checkLabel(y[j], c.name());
        }
    }

    /** Reads and checks the weight of a row of {@link #selected}. */
    float readWeight(InternalRow row, double[] scratch) {
        weight.read(row, weightOrdinal, scratch, 0);
        RowRules.checkWeight(scratch[0], weight.name());
        return (float) scratch[0];
    }
}
