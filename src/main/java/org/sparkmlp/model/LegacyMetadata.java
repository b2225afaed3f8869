package org.sparkmlp.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sparkmlp.math.Checks;
import org.sparkmlp.nn.LayerSpec;
import org.sparkmlp.nn.Layers;
import org.sparkmlp.nn.ModelSpec;
import org.sparkmlp.nn.loss.LossKind;

/**
 * Reads the {@code metadata.json} of format version 1 (release 0.1.0: layer widths, one hidden activation,
 * one label column, scalar label statistics) as the {@link ModelMetadata} of the same model, after
 * checking it against the definition CRC that version wrote.
 */
final class LegacyMetadata {
    private LegacyMetadata() {}

    static ModelMetadata read(JsonNode meta) {
        JsonNode arch = object(meta, "architecture");
        List<Integer> widths = new ArrayList<>();
        array(arch, "layers").forEach(n -> widths.add(integer(n, "layers")));
        String activation = text(arch, "activation");
        LossKind loss = LossKind.fromName(text(arch, "loss"));
        ModelSpec spec = ModelSpec.of(widths, activation, loss);
        JsonNode pre = object(meta, "preprocessing");
        ModelMetadata.Preprocessing preprocessing = new ModelMetadata.Preprocessing(doubles(pre, "featureMean"),
            doubles(pre, "featureStd"), new double[] {number(pre, "labelMean")}, new double[] {number(pre, "labelStd")});
        List<String> features = new ArrayList<>();
        array(meta, "featureColumns").forEach(n -> features.add(textValue(n, "featureColumns")));
        String label = text(meta, "labelColumn");
        int numClasses = integer(meta, "numClasses");
        String task = text(meta, "task");
        StringBuilder definition = new StringBuilder().append(widths).append('|').append(activation).append('|')
            .append(loss.configName()).append('|').append(task).append('|').append(features).append('|').append(label)
            .append('|').append(numClasses);
        long crc = ModelMetadata.crc(definition, preprocessing.featureMean(), preprocessing.featureStd(),
            new double[] {preprocessing.labelMean()[0], preprocessing.labelStd()[0]});
        boolean intact = Long.toHexString(crc).equals(text(meta, "definitionCrc32"));
        List<Map<String, Object>> network = spec.layers().stream().map(ModelMetadata::json).toList();
        JsonNode weights = object(meta, "weights");
        Map<String, Object> training = ModelMetadata.map(meta.path("training"));
        Map<String, Double> metrics = new LinkedHashMap<>();
        meta.path("metrics").fields().forEachRemaining(e -> metrics.put(e.getKey(),
            e.getValue().isNumber() ? e.getValue().asDouble() : null));
        ModelMetadata converted = new ModelMetadata(ModelMetadata.FORMAT, 1, task,
            new ModelMetadata.Architecture(spec.inputDim(), network, loss.configName(), spec.numParams()), features,
            List.of(label), numClasses, preprocessing, null, training, metrics,
            new ModelMetadata.Weights(text(weights, "file"), weights.path("count").asInt(), weights.path("crc32").asText()),
            null);
        return intact ? converted.withCurrentDefinitionCrc() : converted;
    }

    private static JsonNode field(JsonNode node, String name) {
        JsonNode v = node.get(name);
        Checks.arg(v != null && !v.isNull(), "'%s' is missing", name);
        return v;
    }

    private static JsonNode object(JsonNode node, String name) {
        JsonNode v = field(node, name);
        Checks.arg(v.isObject(), "'%s' is not an object", name);
        return v;
    }

    private static JsonNode array(JsonNode node, String name) {
        JsonNode v = field(node, name);
        Checks.arg(v.isArray(), "'%s' is not an array", name);
        return v;
    }

    private static String text(JsonNode node, String name) {
        return textValue(field(node, name), name);
    }

    private static String textValue(JsonNode v, String name) {
        Checks.arg(v.isTextual(), "'%s' holds %s, expected a string", name, v);
        return v.asText();
    }

    private static int integer(JsonNode node, String name) {
        JsonNode v = node.isValueNode() ? node : field(node, name);
        Checks.arg(v.isInt(), "'%s' holds %s, expected an integer", name, v);
        return v.asInt();
    }

    private static double number(JsonNode node, String name) {
        JsonNode v = field(node, name);
        Checks.arg(v.isNumber(), "'%s' holds %s, expected a number", name, v);
        return v.asDouble();
    }

    private static double[] doubles(JsonNode node, String name) {
        JsonNode array = array(node, name);
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            Checks.arg(array.get(i).isNumber(), "'%s' holds %s, expected numbers", name, array.get(i));
            out[i] = array.get(i).asDouble();
        }
        return out;
    }
}
