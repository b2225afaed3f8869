package org.sparkmlp.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.CRC32;
import org.sparkmlp.data.Preprocessor;
import org.sparkmlp.math.Checks;
import org.sparkmlp.nn.LayerSpec;
import org.sparkmlp.nn.Layers;
import org.sparkmlp.nn.ModelSpec;
import org.sparkmlp.nn.Task;
import org.sparkmlp.nn.loss.LossKind;

/**
 * Reads and writes a model directory:
 * <ul>
 *   <li>{@code metadata.json}: human-readable architecture (the input width and the network as a list of
 *       layers with their settings), feature and label columns, preprocessing statistics, training
 *       configuration and final metrics, the name of the weights file, a CRC-32 of the weights and a
 *       CRC-32 of the model's definition (architecture, columns, preprocessing);</li>
 *   <li>{@code weights-<id>.bin}: the flat parameter vector as big-endian IEEE-754 doubles, between a
 *       header ({@code "SMLW"}, format version, count) and a CRC-32 of the values, so a load gives back
 *       exactly the bits that were saved.</li>
 * </ul>
 * {@code metadata.json} is the commit point of a save: the new weights go to a file of their own, then
 * the new metadata is written beside it under a temporary name and renamed over the old one, which the
 * file system does atomically. A save that stops at any point leaves the previous model loadable and
 * unchanged; the old weights file is deleted only after the rename. Nothing is read through Java
 * deserialization.
 *
 * <p>Format version 2 describes the network as a list of layers and allows several label columns.
 * Version 1 directories (release 0.1.0: layer widths, one hidden activation, one label) still load, as the
 * same network, and predict bit for bit as they did.
 */
public final class ModelIO {
    public static final String METADATA = "metadata.json";
    public static final int FORMAT_VERSION = 2;
    private static final String FORMAT = "spark-mlp-model";
    private static final int WEIGHTS_MAGIC = 0x534D4C57; // "SMLW"
    private static final int WEIGHTS_VERSION = 1;
    private static final java.util.regex.Pattern WEIGHTS_NAME = java.util.regex.Pattern.compile(
        "weights(-[0-9a-f]{1,32})?\\.bin");
    private static final java.util.regex.Pattern EXTRA_NAME = java.util.regex.Pattern.compile(
        "(history\\.csv|history\\.jsonl|report\\.html)");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Called between the steps of a save; tests use it to stop a save part-way. */
    interface SaveStep {
        void reached(String step) throws IOException;
    }

    private ModelIO() {}

    /**
     * Refuses a model directory that cannot be written: an existing model without {@code overwrite}, or
     * a path that holds something other than a model. Call it before training, so that a long run does
     * not end in a refused save.
     */
    public static void checkWritable(Path dir, boolean overwrite) throws IOException {
        checkWritable(ModelFiles.local(dir), overwrite);
    }

    /** {@link #checkWritable(Path, boolean)} for a directory on any file system. */
    public static void checkWritable(ModelFiles dir, boolean overwrite) throws IOException {
        if (!dir.exists()) {
            return;
        }
        if (!dir.isDirectory()) {
            throw new FileAlreadyExistsException(dir.toString(), null, "a file is in the way of the model directory");
        }
        if (dir.isFile(METADATA)) {
            if (!overwrite) {
                throw new FileAlreadyExistsException(dir.toString(), null,
                    "a model already exists there; pass --overwrite to replace it");
            }
            return;
        }
        List<String> foreign = dir.list().stream().filter(n -> !isOurs(n)).toList();
        if (!foreign.isEmpty()) {
            throw new FileAlreadyExistsException(dir.toString(), null, "the directory is not a spark-mlp model "
                + "(no " + METADATA + ") and holds " + foreign + "; refusing to write into it");
        }
    }

    /** A temporary file of a save: {@code .<name>.<id>.tmp}. */
    private static boolean isTemporary(String name) {
        return name.startsWith(".") && name.endsWith(".tmp");
    }

    /** Files a save writes: weights, history and report files, and temporary files left by a save that stopped. */
    private static boolean isOurs(String name) {
        return WEIGHTS_NAME.matcher(name).matches() || EXTRA_NAME.matcher(name).matches() || isTemporary(name)
            || name.endsWith(".crc");
    }

    /**
     * Saves {@code model} to {@code dir}. An existing model is replaced only with {@code overwrite}.
     *
     * @throws FileAlreadyExistsException when {@code dir} holds a model and {@code overwrite} is false, or
     *                                    holds files that are not a model's
     */
    public static void save(MlpModel model, Path dir, boolean overwrite) throws IOException {
        save(model, ModelFiles.local(dir), overwrite, Map.of(), step -> { });
    }

    /**
     * {@link #save(MlpModel, Path, boolean)} with extra files beside the model, such as the training
     * history; each is written under a temporary name and renamed into place before the model commits.
     */
    public static void save(MlpModel model, Path dir, boolean overwrite, Map<String, byte[]> extraFiles)
        throws IOException {
        save(model, ModelFiles.local(dir), overwrite, extraFiles, step -> { });
    }

    /** {@link #save(MlpModel, Path, boolean, Map)} to a directory on any file system. */
    public static void save(MlpModel model, ModelFiles dir, boolean overwrite, Map<String, byte[]> extraFiles)
        throws IOException {
        save(model, dir, overwrite, extraFiles, step -> { });
    }

    static void save(MlpModel model, Path dir, boolean overwrite, SaveStep steps) throws IOException {
        save(model, ModelFiles.local(dir), overwrite, Map.of(), steps);
    }

    static void save(MlpModel model, ModelFiles dir, boolean overwrite, Map<String, byte[]> extraFiles, SaveStep steps)
        throws IOException {
        checkWritable(dir, overwrite);
        dir.mkdirs();
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        String weightsName = "weights-" + id + ".bin";
        String tmpMeta = "." + METADATA + "." + id + ".tmp";
        boolean committed = false;
        try {
            dir.writeNew(weightsName, weightsBytes(model.params()));
            steps.reached("weights written");
            for (Map.Entry<String, byte[]> f : extraFiles.entrySet()) {
                Checks.arg(EXTRA_NAME.matcher(f.getKey()).matches(), "not a model directory file name: %s", f.getKey());
                String tmp = "." + f.getKey() + "." + id + ".tmp";
                dir.writeNew(tmp, f.getValue());
                dir.renameReplacing(tmp, f.getKey());
            }
            dir.writeNew(tmpMeta, JSON.writeValueAsBytes(metadata(model, weightsName)));
            steps.reached("metadata written");
            dir.renameReplacing(tmpMeta, METADATA);
            committed = true;
            steps.reached("committed");
        } finally {
            if (!committed) {
                dir.deleteIfExists(tmpMeta);
                dir.deleteIfExists(weightsName);
            }
        }
        for (String name : dir.list()) {
            boolean replaced = WEIGHTS_NAME.matcher(name).matches() && !name.equals(weightsName);
            boolean stale = EXTRA_NAME.matcher(name).matches() && !extraFiles.containsKey(name);
            if (replaced || stale || isTemporary(name)) {
                dir.deleteIfExists(name);
            }
        }
    }

    /** The weights file that {@code dir}'s metadata names. */
    public static Path weightsFile(Path dir) throws IOException {
        JsonNode meta = JSON.readTree(dir.resolve(METADATA).toFile());
        return dir.resolve(meta.path("weights").path("file").asText());
    }

    /**
     * Loads a model saved by {@link #save}.
     *
     * @throws NoSuchFileException   when {@code dir} is not a model directory
     * @throws ModelFormatException  when it is one that cannot be loaded as it is; the message names the file
     */
    public static MlpModel load(Path dir) throws IOException {
        return load(ModelFiles.local(dir));
    }

    /** {@link #load(Path)} from a directory on any file system. */
    public static MlpModel load(ModelFiles dir) throws IOException {
        String metaFile = dir.describe(METADATA);
        if (!dir.isFile(METADATA)) {
            throw new NoSuchFileException(metaFile, null, "not a spark-mlp model directory (no " + METADATA + ")");
        }
        JsonNode meta;
        try {
            meta = JSON.readTree(dir.read(METADATA));
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new ModelFormatException(metaFile + ": not valid JSON (" + e.getOriginalMessage() + ")", e);
        }
        try {
            Checks.arg(meta != null && meta.isObject(), "expected a JSON object");
            Checks.arg(FORMAT.equals(meta.path("format").asText(null)), "'format' is not \"%s\"", FORMAT);
            int version = integer(meta, "formatVersion");
            if (version != FORMAT_VERSION && version != 1) {
                throw new ModelFormatException(metaFile + ": unknown model format version " + version
                    + "; this build reads versions 1 to " + FORMAT_VERSION);
            }
            JsonNode arch = object(meta, "architecture");
            ModelSpec spec = version == 1 ? legacySpec(meta, arch) : spec(arch);
            JsonNode pre = object(meta, "preprocessing");
            double[] labelMean = version == 1 ? new double[] {number(pre, "labelMean")} : doubles(pre, "labelMean");
            double[] labelStd = version == 1 ? new double[] {number(pre, "labelStd")} : doubles(pre, "labelStd");
            Preprocessor prep = new Preprocessor(doubles(pre, "featureMean"), doubles(pre, "featureStd"),
                labelMean, labelStd, integer(meta, "numClasses"));
            List<String> features = strings(meta, "featureColumns");
            List<String> labels = version == 1 ? List.of(text(meta, "labelColumn")) : strings(meta, "labelColumns");
            JsonNode weightsNode = object(meta, "weights");
            String weightsName = text(weightsNode, "file");
            Checks.arg(WEIGHTS_NAME.matcher(weightsName).matches(), "'weights.file' is '%s', not a weights file name",
                weightsName);
            double[] params = readWeights(dir, weightsName, spec.numParams());
            Map<String, Object> training = JSON.convertValue(meta.path("training"), LinkedHashMap.class);
            Map<String, Double> metrics = new LinkedHashMap<>();
            meta.path("metrics").fields().forEachRemaining(e -> metrics.put(e.getKey(),
                e.getValue().isNumber() ? e.getValue().asDouble() : Double.NaN));
            MlpModel model = new MlpModel(spec, params, prep, features, labels,
                training == null ? Map.of() : training, metrics);
            String expected = text(meta, "definitionCrc32");
            long actual = version == 1 ? legacyDefinitionCrc(arch, model) : definitionCrc(model);
            if (!expected.equals(Long.toHexString(actual))) {
                throw new ModelFormatException(metaFile + ": the model's definition (architecture, columns or "
                    + "preprocessing) does not match its checksum; the file was changed after the model was saved");
            }
            return model;
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(metaFile + ": model metadata is incomplete or inconsistent: " + e.getMessage(),
                e);
        }
    }

    /** The network of a version 2 file: the input width and the layers, each a type and its one setting. */
    private static ModelSpec spec(JsonNode arch) {
        List<LayerSpec> layers = new ArrayList<>();
        for (JsonNode layer : array(arch, "network")) {
            Checks.arg(layer.isObject(), "'network' holds %s, expected objects", layer);
            String type = text(layer, "type");
            Layers.Type t = Layers.type(type);
            JsonNode setting = t.setting() == null ? null : layer.get(t.setting());
            Checks.arg(setting == null || setting.isNumber(), "layer %s: '%s' holds %s, expected a number", type,
                t.setting(), setting);
            layers.add(new LayerSpec(type, setting == null ? null : setting.asDouble()));
        }
        return new ModelSpec(integer(arch, "inputDim"), layers, LossKind.fromName(text(arch, "loss")));
    }

    /** The network of a version 1 file: layer widths and one hidden activation. */
    private static ModelSpec legacySpec(JsonNode meta, JsonNode arch) {
        List<Integer> widths = new ArrayList<>();
        array(arch, "layers").forEach(n -> widths.add(integer(n, "layers")));
        ModelSpec spec = ModelSpec.of(widths, text(arch, "activation"), LossKind.fromName(text(arch, "loss")));
        Checks.arg(spec.task() == Task.fromName(text(meta, "task")), "'task' is %s but the loss is %s",
            text(meta, "task"), spec.loss());
        return spec;
    }

    private static ObjectNode metadata(MlpModel model, String weightsName) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("formatVersion", FORMAT_VERSION);
        root.put("task", model.spec().task().configName());
        ObjectNode arch = root.putObject("architecture");
        arch.put("inputDim", model.spec().inputDim());
        ArrayNode network = arch.putArray("network");
        for (LayerSpec layer : model.spec().layers()) {
            ObjectNode l = network.addObject().put("type", layer.type());
            if (layer.setting() != null) {
                String name = Layers.type(layer.type()).setting();
                double v = layer.setting();
                if (v == Math.rint(v) && Math.abs(v) < 1 << 30) {
                    l.put(name, (int) v);
                } else {
                    l.put(name, v);
                }
            }
        }
        arch.put("loss", model.spec().loss().configName());
        arch.put("numParams", model.spec().numParams());
        ArrayNode features = root.putArray("featureColumns");
        model.featureColumns().forEach(features::add);
        ArrayNode labels = root.putArray("labelColumns");
        model.labelColumns().forEach(labels::add);
        root.put("numClasses", model.numClasses());
        ObjectNode pre = root.putObject("preprocessing");
        Preprocessor p = model.preprocessor();
        ArrayNode mean = pre.putArray("featureMean");
        for (double v : p.featureMean()) {
            mean.add(v);
        }
        ArrayNode std = pre.putArray("featureStd");
        for (double v : p.featureStd()) {
            std.add(v);
        }
        ArrayNode labelMean = pre.putArray("labelMean");
        for (double v : p.labelMean()) {
            labelMean.add(v);
        }
        ArrayNode labelStd = pre.putArray("labelStd");
        for (double v : p.labelStd()) {
            labelStd.add(v);
        }
        root.set("training", JSON.valueToTree(model.training()));
        ObjectNode metrics = root.putObject("metrics");
        model.metrics().forEach((k, v) -> {
            if (Double.isFinite(v)) {
                metrics.put(k, v);
            } else {
                metrics.putNull(k);
            }
        });
        ObjectNode weights = root.putObject("weights");
        weights.put("file", weightsName);
        weights.put("count", model.params().length);
        weights.put("crc32", Long.toHexString(crc(model.params())));
        root.put("definitionCrc32", Long.toHexString(definitionCrc(model)));
        return root;
    }

    /** A CRC-32 over everything that decides a model's predictions besides the weights. */
    private static long definitionCrc(MlpModel model) {
        Preprocessor p = model.preprocessor();
        StringBuilder sb = new StringBuilder().append(model.spec().inputDim()).append('|')
            .append(model.spec().network()).append('|').append(model.spec().loss().configName())
            .append('|').append(model.spec().task().configName()).append('|').append(model.featureColumns())
            .append('|').append(model.labelColumns()).append('|').append(model.numClasses());
        return crc(sb, p.featureMean(), p.featureStd(), p.labelMean(), p.labelStd());
    }

    /** The definition CRC of a version 1 file, over the fields that version has. */
    private static long legacyDefinitionCrc(JsonNode arch, MlpModel model) {
        Preprocessor p = model.preprocessor();
        List<Integer> widths = new ArrayList<>();
        arch.path("layers").forEach(n -> widths.add(n.asInt()));
        StringBuilder sb = new StringBuilder().append(widths).append('|')
            .append(arch.path("activation").asText()).append('|').append(model.spec().loss().configName())
            .append('|').append(model.spec().task().configName()).append('|').append(model.featureColumns())
            .append('|').append(model.labelColumns().get(0)).append('|').append(model.numClasses());
        return crc(sb, p.featureMean(), p.featureStd(), new double[] {p.labelMean()[0], p.labelStd()[0]});
    }

    private static long crc(StringBuilder definition, double[]... values) {
        for (double[] array : values) {
            definition.append('|');
            for (double v : array) {
                definition.append(Long.toHexString(Double.doubleToRawLongBits(v))).append(',');
            }
        }
        CRC32 crc = new CRC32();
        crc.update(definition.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return crc.getValue();
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

    private static List<String> strings(JsonNode node, String name) {
        List<String> out = new ArrayList<>();
        array(node, name).forEach(n -> out.add(textValue(n, name)));
        return out;
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


    private static long crc(double[] values) {
        CRC32 crc = new CRC32();
        byte[] buf = new byte[8];
        for (double v : values) {
            long bits = Double.doubleToRawLongBits(v);
            for (int i = 0; i < 8; i++) {
                buf[i] = (byte) (bits >>> (56 - 8 * i));
            }
            crc.update(buf);
        }
        return crc.getValue();
    }

    private static byte[] weightsBytes(double[] params) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(8 * params.length + 20);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(WEIGHTS_MAGIC);
            out.writeInt(WEIGHTS_VERSION);
            out.writeInt(params.length);
            for (double v : params) {
                out.writeDouble(v);
            }
            out.writeLong(crc(params));
        }
        return bytes.toByteArray();
    }

    private static double[] readWeights(ModelFiles dir, String name, int expected) throws IOException {
        String file = dir.describe(name);
        if (!dir.isFile(name)) {
            throw new ModelFormatException(file + ": the weights file named in " + METADATA + " is missing");
        }
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(dir.read(name)))) {
            if (in.readInt() != WEIGHTS_MAGIC) {
                throw new ModelFormatException(file + ": not a spark-mlp weights file (bad magic number)");
            }
            int version = in.readInt();
            if (version != WEIGHTS_VERSION) {
                throw new ModelFormatException(file + ": unknown weights format version " + version + "; this build reads version "
                    + WEIGHTS_VERSION);
            }
            int count = in.readInt();
            if (count != expected) {
                throw new ModelFormatException(file + ": holds " + count + " weights but the architecture in " + METADATA
                    + " needs " + expected);
            }
            double[] params = new double[count];
            for (int i = 0; i < count; i++) {
                params[i] = in.readDouble();
            }
            long stored = in.readLong();
            if (stored != crc(params)) {
                throw new ModelFormatException(file + ": checksum mismatch; the weights are corrupted");
            }
            if (in.read() != -1) {
                throw new ModelFormatException(file + ": unexpected bytes after the checksum");
            }
            return params;
        } catch (EOFException e) {
            throw new ModelFormatException(file + ": truncated weights file", e);
        }
    }
}
