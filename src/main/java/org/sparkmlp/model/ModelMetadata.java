package org.sparkmlp.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.sparkmlp.data.Preprocessor;
import org.sparkmlp.data.TableEncoding;
import org.sparkmlp.math.Checks;
import org.sparkmlp.nn.LayerSpec;
import org.sparkmlp.nn.Layers;
import org.sparkmlp.nn.ModelSpec;
import org.sparkmlp.nn.Task;
import org.sparkmlp.nn.loss.LossKind;

/**
 * What a model directory's {@code metadata.json} holds, as one record that one JSON mapper writes and
 * reads: the architecture (the input width and the network as a list of layers, each an object with its
 * type and its one setting), the feature and label columns, the class count, the preprocessing statistics,
 * the training configuration and final metrics, the weights file with its length and CRC-32, and a
 * CRC-32 of the model's definition (architecture, columns, preprocessing), so that an edit that changes
 * what the model computes is refused.
 *
 * @param table   how a raw table's columns become the inputs, and its labels class indexes; absent when
 *                the inputs are read as numbers from the columns they name
 * @param metrics final metrics by name; a metric that is not finite is written as {@code null}
 */
public record ModelMetadata(String format, int formatVersion, String task, Architecture architecture,
                            List<String> featureColumns, List<String> labelColumns, int numClasses,
                            Preprocessing preprocessing,
                            @com.fasterxml.jackson.annotation.JsonInclude(
                                com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) TableEncoding table,
                            Map<String, Object> training, Map<String, Double> metrics,
                            Weights weights, String definitionCrc32) {
    static final String FORMAT = "spark-mlp-model";
    /** Version 2: the network as a list of layers, several label columns. */
    static final int VERSION = 2;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    /** @param network one object per layer: {@code {"type": "linear", "units": 128}} */
    public record Architecture(int inputDim, List<Map<String, Object>> network, String loss, int numParams) {
    }

    public record Preprocessing(double[] featureMean, double[] featureStd, double[] labelMean, double[] labelStd) {
    }

    public record Weights(String file, int count, String crc32) {
    }

    /** The metadata of {@code model}, whose weights are saved as {@code weightsFile}. */
    static ModelMetadata of(MlpModel model, String weightsFile) {
        ModelSpec spec = model.spec();
        List<Map<String, Object>> network = spec.layers().stream().map(ModelMetadata::json).toList();
        Preprocessor p = model.preprocessor();
        Preprocessing pre = new Preprocessing(p.featureMean(), p.featureStd(), p.labelMean(), p.labelStd());
        Map<String, Double> metrics = new LinkedHashMap<>();
        model.metrics().forEach((k, v) -> metrics.put(k, Double.isFinite(v) ? v : null));
        return new ModelMetadata(FORMAT, VERSION, spec.task().configName(),
            new Architecture(spec.inputDim(), network, spec.loss().configName(), spec.numParams()),
            model.featureColumns(), model.labelColumns(), model.numClasses(), pre, model.table(), model.training(),
            metrics, new Weights(weightsFile, model.params().length, Long.toHexString(WeightsFormat.crc(model.params()))),
            Long.toHexString(definitionCrc(spec, model.featureColumns(), model.labelColumns(), model.numClasses(), pre,
                model.table())));
    }

    byte[] toBytes() throws IOException {
        return JSON.writeValueAsBytes(this);
    }

    /**
     * Reads a version 2 {@code metadata.json} already parsed as JSON.
     *
     * @throws IllegalArgumentException naming the field that does not hold what it should
     */
    static ModelMetadata fromJson(JsonNode tree) {
        try {
            return JSON.treeToValue(tree, ModelMetadata.class);
        } catch (JsonMappingException e) {
            StringBuilder path = new StringBuilder();
            for (JsonMappingException.Reference r : e.getPath()) {
                path.append(r.getFieldName() != null ? (path.length() > 0 ? "." : "") + r.getFieldName()
                    : "[" + r.getIndex() + "]");
            }
            throw new IllegalArgumentException("'" + path + "' holds a value of the wrong kind ("
                + e.getOriginalMessage().split("\n")[0] + ")", e);
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The JSON tree of {@code bytes}, which the caller reads by its format version. */
    static JsonNode tree(byte[] bytes) throws IOException {
        return JSON.readTree(bytes);
    }

    /** A JSON object as a map of plain values; empty for a missing node. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> map(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() ? Map.of() : JSON.convertValue(node, Map.class);
    }

    /** The same metadata, its definition CRC the one of its fields. */
    ModelMetadata withCurrentDefinitionCrc() {
        return new ModelMetadata(format, formatVersion, task, architecture, featureColumns, labelColumns, numClasses,
            preprocessing, table, training, metrics, weights,
            Long.toHexString(definitionCrc(spec(), featureColumns, labelColumns, numClasses, preprocessing, table)));
    }

    /**
     * One layer as the model file writes it: {@code {"type": "linear", "units": 128}}, a block with the layers
     * it holds, {@code {"type": "residual", "layers": [...]}}.
     */
    static Map<String, Object> json(LayerSpec layer) {
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("type", layer.type());
        if (layer.setting() != null) {
            double v = layer.setting();
            l.put(Layers.type(layer.type()).setting(), v == Math.rint(v) && Math.abs(v) < 1 << 30 ? (Object) (int) v : v);
        }
        if (!layer.layers().isEmpty()) {
            l.put(HELD, layer.layers().stream().map(ModelMetadata::json).toList());
        }
        return l;
    }

    /** The key of the layers a block holds. */
    private static final String HELD = "layers";

    /** The layers of a model file's {@code where}, read back from {@link #json}. */
    private static List<LayerSpec> layers(List<?> network, String where) {
        List<LayerSpec> layers = new ArrayList<>();
        for (Object o : network) {
            Checks.arg(o instanceof Map<?, ?> m && m.get("type") instanceof String, "a layer of %s has no type: %s",
                where, o);
            Map<?, ?> l = (Map<?, ?>) o;
            String type = (String) l.get("type");
            String settingName = Layers.type(type).setting();
            Object setting = settingName == null ? null : l.get(settingName);
            Checks.arg(setting == null || setting instanceof Number, "layer %s: '%s' holds %s, expected a number",
                type, settingName, setting);
            Object held = l.get(HELD);
            Checks.arg(held == null || held instanceof List<?>, "layer %s: '%s' holds %s, expected a list of layers",
                type, HELD, held);
            layers.add(new LayerSpec(type, setting == null ? null : ((Number) setting).doubleValue(),
                held == null ? List.of() : layers((List<?>) held, "layer " + type)));
        }
        return layers;
    }

    /** The network this metadata describes. */
    ModelSpec spec() {
        Checks.arg(architecture != null, "'architecture' is missing");
        Checks.arg(architecture.network() != null, "'architecture.network' is missing");
        List<LayerSpec> layers = layers(architecture.network(), "'architecture.network'");
        Checks.arg(architecture.loss() != null, "'architecture.loss' is missing");
        ModelSpec spec = new ModelSpec(architecture.inputDim(), layers, LossKind.fromName(architecture.loss()));
        Checks.arg(task == null || spec.task() == Task.fromName(task), "'task' is %s but the loss is %s", task,
            spec.loss());
        return spec;
    }

    /** The model these fields and {@code params} make; throws naming the first field that is missing or wrong. */
    MlpModel toModel(double[] params) {
        Checks.arg(preprocessing != null && preprocessing.featureMean() != null && preprocessing.featureStd() != null
            && preprocessing.labelMean() != null && preprocessing.labelStd() != null, "'preprocessing' is incomplete");
        Checks.arg(featureColumns != null && labelColumns != null, "'featureColumns' or 'labelColumns' is missing");
        Preprocessor prep = new Preprocessor(preprocessing.featureMean(), preprocessing.featureStd(),
            preprocessing.labelMean(), preprocessing.labelStd(), numClasses);
        Map<String, Double> m = new LinkedHashMap<>();
        if (metrics != null) {
            metrics.forEach((k, v) -> m.put(k, v == null ? Double.NaN : v));
        }
        return new MlpModel(spec(), params, prep, featureColumns, labelColumns, training == null ? Map.of() : training, m,
            table);
    }

    /** Whether {@link #definitionCrc32} is the definition's CRC: false after an edit that changes the model. */
    boolean definitionIntact() {
        return Long.toHexString(definitionCrc(spec(), featureColumns, labelColumns, numClasses, preprocessing, table))
            .equals(definitionCrc32);
    }

    /** A CRC-32 over everything that decides a model's predictions besides the weights. */
    private static long definitionCrc(ModelSpec spec, List<String> features, List<String> labels, int numClasses,
                                      Preprocessing p, TableEncoding table) {
        StringBuilder sb = new StringBuilder().append(spec.inputDim()).append('|').append(spec.network()).append('|')
            .append(spec.loss().configName()).append('|').append(spec.task().configName()).append('|').append(features)
            .append('|').append(labels).append('|').append(numClasses);
        if (table != null) {
            sb.append('|').append(table);
        }
        return crc(sb, p.featureMean(), p.featureStd(), p.labelMean(), p.labelStd());
    }

    /** {@code definition} and the bits of {@code values}, as the definition CRCs of both format versions take them. */
    static long crc(StringBuilder definition, double[]... values) {
        for (double[] array : values) {
            definition.append('|');
            for (double v : array) {
                definition.append(Long.toHexString(Double.doubleToRawLongBits(v))).append(',');
            }
        }
        CRC32 crc = new CRC32();
        crc.update(definition.toString().getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }
}
