package org.sparkmlp.onnx;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sparkmlp.Version;
import org.sparkmlp.data.Preprocessor;
import org.sparkmlp.data.TableEncoding;
import org.sparkmlp.math.Checks;
import org.sparkmlp.model.MlpModel;
import org.sparkmlp.model.Thresholds;
import org.sparkmlp.nn.Layer;
import org.sparkmlp.nn.LayerSpec;
import org.sparkmlp.nn.ModelSpec;
import org.sparkmlp.nn.Task;
import org.sparkmlp.onnx.proto.OnnxProto.ModelProto;
import org.sparkmlp.onnx.proto.OnnxProto.OperatorSetIdProto;
import org.sparkmlp.onnx.proto.OnnxProto.StringStringEntryProto;
import org.sparkmlp.onnx.proto.OnnxProto.TensorProto;
import org.sparkmlp.onnx.proto.OnnxProto.TensorShapeProto;
import org.sparkmlp.onnx.proto.OnnxProto.TypeProto;
import org.sparkmlp.onnx.proto.OnnxProto.ValueInfoProto;

/**
 * A trained model as an ONNX file, to serve it without Spark: the whole model, so that the file takes the
 * raw feature values a training row had.
 *
 * <ul>
 *   <li>input {@value #INPUT}: float32 {@code [batch, features]}, the feature columns in the order of the
 *       metadata property {@code feature_columns}; or, for a model of a table's raw columns
 *       ({@link MlpModel#table()}), one input per column, {@code [batch, 1]}, a string for a categorical
 *       column and float32 for a numeric one, with the encoding inside the graph;</li>
 *   <li>the saved standardisation ({@code Sub}, {@code Mul}), then every layer (dropout left out);</li>
 *   <li>a classifier's outputs {@value #PROBABILITY}, float32 {@code [batch, classes]}, and {@value #LABEL},
 *       int64 {@code [batch]}, the class of the highest probability (the first of equal ones), or its name,
 *       a string, when the label named its classes;</li>
 *   <li>a regression's output {@value #PREDICTION}, float32 {@code [batch, labels]}, in the labels' units.</li>
 * </ul>
 *
 * <p>The batch dimension is symbolic ({@value #BATCH}). Metadata properties name the feature and label
 * columns (as JSON arrays), the task, the class count, the network and the spark-mlp version.
 */
public final class OnnxExport {
    /** The operator-set version written when none is asked for. */
    public static final int DEFAULT_OPSET = 17;
    public static final int MIN_OPSET = 13;
    public static final int MAX_OPSET = 23;

    public static final String INPUT = "features";
    public static final String PROBABILITY = "probability";
    public static final String LABEL = "label";
    public static final String PREDICTION = "prediction";
    public static final String BATCH = "batch";
    /** The operator domain of the table encoding's string lookups, and the version of it written. */
    static final String ML_DOMAIN = "ai.onnx.ml";
    static final int ML_OPSET = 2;

    private static final ObjectMapper JSON = new ObjectMapper();

    private OnnxExport() {}

    /**
     * {@code model} as the bytes of an ONNX file (raw features in, the standardisation and every layer
     * inside), for operator set {@value #DEFAULT_OPSET}.
     */
    public static byte[] toBytes(MlpModel model) {
        return toBytes(model, DEFAULT_OPSET);
    }

    /** {@link #toBytes(MlpModel)} for ONNX operator set {@code opset}. */
    public static byte[] toBytes(MlpModel model, int opset) {
        return build(model, opset, null).toByteArray();
    }

    /**
     * {@link #toBytes(MlpModel, int)} for a classifier scored with Spark's {@code thresholds} (null for
     * none): the {@value #LABEL} output is then the class of the highest probability divided by its
     * threshold, as Spark's prediction column chooses ({@link Thresholds}).
     */
    public static byte[] toBytes(MlpModel model, int opset, double[] thresholds) {
        return build(model, opset, thresholds).toByteArray();
    }

    static ModelProto build(MlpModel model, int opset) {
        return build(model, opset, null);
    }

    static ModelProto build(MlpModel model, int opset, double[] thresholds) {
        Checks.arg(opset >= MIN_OPSET && opset <= MAX_OPSET, "ONNX export writes operator sets %s to %s, got %s",
            MIN_OPSET, MAX_OPSET, opset);
        Checks.arg(thresholds == null || model.isClassification() && thresholds.length == model.numClasses(),
            "thresholds belong to a classifier and need one per class (%s), got %s",
            model.isClassification() ? model.numClasses() : "none", java.util.Arrays.toString(thresholds));
        ModelSpec spec = model.spec();
        Preprocessor prep = model.preprocessor();
        int d = spec.inputDim();
        TableEncoding table = model.table();
        OnnxGraph g = new OnnxGraph(opset, table == null ? List.of(INPUT) : table.columnNames());
        g.proto().setName("spark-mlp");
        String x;
        if (table == null) {
            g.proto().addInput(tensor(INPUT, TensorProto.DataType.FLOAT, d));
            x = INPUT;
        } else {
            x = encoded(g, table);
        }
        x = standardized(g, prep, x);
        List<Layer> layers = spec.buildLayers();
        int width = d;
        int offset = 0;
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec layer = spec.layers().get(i);
            g.prefix("layer" + i);
            x = OnnxLayers.of(layer.type(), layers.get(i)).add(g, layer, width, x, model.params(), offset);
            offset += layers.get(i).numParams();
            width = layers.get(i).outputWidth(width);
        }
        Checks.state(offset == model.params().length, "the layers use %s of the model's %s parameters", offset,
            model.params().length);
        Checks.state(g.produces(x), "the network computes nothing from its input");
        g.prefix("output");
        if (model.isClassification()) {
            g.rename(x, PROBABILITY);
            String scores = thresholds == null ? PROBABILITY : thresholded(g, thresholds);
            String label = g.node("ArgMax", List.of(scores), Map.of("axis", 1L, "keepdims", 0L));
            boolean named = table != null && table.namedClasses();
            if (named) {
                label = g.node("Gather", List.of(g.strings("classes", table.classes()), label), Map.of("axis", 0L));
            }
            g.rename(label, LABEL);
            g.proto().addOutput(tensor(PROBABILITY, TensorProto.DataType.FLOAT, width))
                .addOutput(tensor(LABEL, named ? TensorProto.DataType.STRING : TensorProto.DataType.INT64));
        } else if (model.task() == Task.MULTI_LABEL) {
            g.rename(x, PROBABILITY);
            String yes = g.node("GreaterOrEqual", PROBABILITY, g.floats("half", 0.5));
            g.rename(g.node("Cast", List.of(yes), Map.of("to", (long) TensorProto.DataType.INT64.getNumber())), LABEL);
            g.proto().addOutput(tensor(PROBABILITY, TensorProto.DataType.FLOAT, width))
                .addOutput(tensor(LABEL, TensorProto.DataType.INT64, width));
        } else {
            g.rename(unscaled(g, prep, x), PREDICTION);
            g.proto().addOutput(tensor(PREDICTION, TensorProto.DataType.FLOAT, width));
        }

        ModelProto.Builder m = ModelProto.newBuilder().setIrVersion(irVersion(opset))
            .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
            .addAllOpsetImport(table != null && table.columns().stream().anyMatch(TableEncoding.Column::categorical)
                ? List.of(OperatorSetIdProto.newBuilder().setDomain(ML_DOMAIN).setVersion(ML_OPSET).build()) : List.of())
            .setProducerName("spark-mlp").setProducerVersion(Version.get()).setDomain("org.sparkmlp")
            .setDocString(docString(model, thresholds)).setGraph(g.proto());
        metadata(model, thresholds).forEach((k, v) -> m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return m.build();
    }

    /**
     * The probabilities divided by the thresholds ({@link Thresholds}), the class whose threshold is 0 (at
     * most one) made infinite. Spark passes over that class only when its probability in double is exactly
     * 0; the graph's float probability reaches 0 far sooner, by underflow, so it takes the class whatever
     * its probability, as Spark does short of that.
     */
    private static String thresholded(OnnxGraph g, double[] thresholds) {
        double[] t = Thresholds.checked(thresholds);
        double[] divisor = new double[t.length];
        double[] zero = new double[t.length];
        for (int c = 0; c < t.length; c++) {
            divisor[c] = t[c] == 0 ? 1 : t[c];
            zero[c] = t[c] == 0 ? Double.POSITIVE_INFINITY : 0;
        }
        String scaled = g.node("Div", PROBABILITY, g.floats("thresholds", divisor));
        return java.util.Arrays.stream(t).noneMatch(v -> v == 0) ? scaled
            : g.node("Add", scaled, g.floats("zero_threshold", zero));
    }

    /**
     * The network's inputs from the table's raw columns, one graph input each ({@code [batch, 1]}): a numeric
     * column float32, NaN where it is missing, filled with its training mean and, where training saw gaps,
     * followed by a 0/1 input saying so; a categorical column a string, looked up among its levels
     * ({@code ai.onnx.ml} LabelEncoder) into one-hot inputs, a level training never saw into {@code (other)}
     * and an empty string or a missing marker (NA, N/A, NaN, null, ?) into {@code (missing)}, where the
     * column has those inputs. The inputs are concatenated in the encoding's order.
     */
    private static String encoded(OnnxGraph g, TableEncoding table) {
        List<String> parts = new java.util.ArrayList<>();
        for (TableEncoding.Column c : table.columns()) {
            g.prefix("input." + c.name());
            if (c.categorical()) {
                g.proto().addInput(tensor(c.name(), TensorProto.DataType.STRING, 1));
                parts.add(oneHot(g, c));
            } else {
                g.proto().addInput(tensor(c.name(), TensorProto.DataType.FLOAT, 1));
                String nan = g.node("IsNaN", c.name());
                parts.add(g.node("Where", nan, g.floats("fill", c.fill()), c.name()));
                if (c.missing()) {
                    parts.add(g.node("Cast", List.of(nan), Map.of("to", (long) TensorProto.DataType.FLOAT.getNumber())));
                }
            }
        }
        g.prefix("input");
        return parts.size() == 1 ? parts.get(0) : g.node("Concat", parts, Map.of("axis", 1L));
    }

    /** A categorical column's one-hot inputs: its level's slot, (other), (missing), or none of them. */
    private static String oneHot(OnnxGraph g, TableEncoding.Column c) {
        int k = c.levels().size();
        long none = c.width();
        List<String> keys = new java.util.ArrayList<>(c.levels());
        List<Long> slots = new java.util.ArrayList<>();
        for (int i = 0; i < k; i++) {
            slots.add((long) i);
        }
        List<String> markers = new java.util.ArrayList<>(List.of(""));
        markers.addAll(TableEncoding.missingMarkers());
        for (String m : markers) {
            if (!c.levels().contains(m)) {
                keys.add(m);
                slots.add(c.missing() ? c.width() - 1L : none);
            }
        }
        String slot = g.node(ML_DOMAIN, "LabelEncoder", List.of(c.name()), Map.of(
            "keys_strings", keys.toArray(String[]::new),
            "values_int64s", slots.stream().mapToLong(Long::longValue).toArray(),
            "default_int64", c.other() ? (long) k : none));
        String hot = g.node("OneHot", List.of(slot, g.longs("depth", c.width()), g.floats("off_on", 0, 1)),
            Map.of("axis", -1L));
        return g.node("Flatten", List.of(hot), Map.of("axis", 1L));
    }

    /** {@code (x - mean) / std} per feature, a constant feature only centred; nothing when that is the identity. */
    private static String standardized(OnnxGraph g, Preprocessor prep, String x) {
        g.prefix("standardize");
        double[] mean = prep.featureMean();
        double[] inv = prep.inverseStd();
        if (java.util.Arrays.stream(mean).anyMatch(v -> v != 0)) {
            x = g.node("Sub", x, g.floats("mean", mean));
        }
        if (java.util.Arrays.stream(inv).anyMatch(v -> v != 1)) {
            x = g.node("Mul", x, g.floats("inverse_std", inv));
        }
        return x;
    }

    /** A regression's outputs in the labels' units, {@code out * labelStd + labelMean}. */
    private static String unscaled(OnnxGraph g, Preprocessor prep, String out) {
        if (java.util.Arrays.stream(prep.labelStd()).anyMatch(v -> v != 1)) {
            out = g.node("Mul", out, g.floats("label_std", prep.labelStd()));
        }
        if (java.util.Arrays.stream(prep.labelMean()).anyMatch(v -> v != 0)) {
            out = g.node("Add", out, g.floats("label_mean", prep.labelMean()));
        }
        return out;
    }

    /**
     * The oldest IR version that carries operator set {@code opset}, so that the oldest runtimes that know
     * the operator set read the file.
     */
    static int irVersion(int opset) {
        if (opset <= 14) {
            return 7;
        }
        if (opset <= 18) {
            return 8;
        }
        if (opset <= 20) {
            return 9;
        }
        return opset <= 22 ? 10 : 11;
    }

    /** A float32 or int64 tensor of shape {@code [batch]} or {@code [batch, width]}. */
    private static ValueInfoProto tensor(String name, TensorProto.DataType type, int... width) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder()
            .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH));
        for (int w : width) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(w));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
            .setTensorType(TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape))).build();
    }

    private static Map<String, String> metadata(MlpModel model, double[] thresholds) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("feature_columns", json(model.featureColumns()));
        if (model.table() != null) {
            m.put("input_columns", json(model.table().columnNames()));
            if (model.table().namedClasses()) {
                m.put("classes", json(model.table().classes()));
            }
        }
        m.put("label_columns", json(model.labelColumns()));
        m.put("task", model.spec().task().configName());
        m.put("num_features", Integer.toString(model.spec().inputDim()));
        if (model.isClassification()) {
            m.put("num_classes", Integer.toString(model.numClasses()));
        }
        if (thresholds != null) {
            m.put("thresholds", java.util.Arrays.stream(thresholds).mapToObj(Double::toString)
                .collect(java.util.stream.Collectors.joining(",", "[", "]")));
        }
        m.put("network", model.spec().network());
        m.put("loss", model.spec().loss().configName());
        m.put("spark_mlp_version", Version.get());
        return m;
    }

    private static String docString(MlpModel model, double[] thresholds) {
        int d = model.spec().inputDim();
        String out = model.isClassification()
            ? String.format("outputs '%s' [%s, %d], the softmax over the classes 0 to %d, and '%s' [%s], int64, the "
                + "class of the highest probability%s", PROBABILITY, BATCH, model.numClasses(), model.numClasses() - 1,
                LABEL, BATCH, thresholds == null ? "" : " divided by its class's threshold (metadata property "
                    + "thresholds; a class whose threshold is 0 wins)")
            : model.task() == Task.MULTI_LABEL
            ? String.format("outputs '%s' [%s, %d], the probability of each label (%s), and '%s' [%s, %d], int64, 1 "
                + "where that probability is 0.5 or more, else 0", PROBABILITY, BATCH, model.labelColumns().size(),
                String.join(", ", model.labelColumns()), LABEL, BATCH, model.labelColumns().size())
            : String.format("outputs '%s' [%s, %d], in the units of the label column%s %s", PREDICTION, BATCH,
                model.labelColumns().size(), model.labelColumns().size() == 1 ? "" : "s",
                String.join(", ", model.labelColumns()));
        String in = model.table() == null ? String.format("Input '%s' [%s, %d], float32: the raw values of the feature "
            + "columns listed in the metadata property feature_columns, in that order", INPUT, BATCH, d)
            : String.format("Inputs: one per table column (metadata property input_columns), each [%s, 1]: a string "
            + "for a categorical column (a level never seen in training is scored as (other); an empty string, NA, "
            + "N/A, NaN, null or ? is missing), float32 for a numeric one (NaN is missing); the encoding of levels and "
            + "missing values learnt in training is part of the graph", BATCH);
        if (model.table() != null && model.table().namedClasses()) {
            out = out.replace("int64, the class of", "string, the name (metadata property classes) of the class of");
        }
        return String.format("spark-mlp %s: a multilayer perceptron (%s; loss %s). %s; the standardisation fitted in "
            + "training is part of the graph. It %s.", Version.get(), model.spec().network(),
            model.spec().loss().configName(), in, out);
    }

    private static String json(List<String> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
