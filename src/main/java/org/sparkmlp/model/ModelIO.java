package org.sparkmlp.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.sparkmlp.data.Preprocessor;
import org.sparkmlp.nn.Activation;
import org.sparkmlp.nn.ModelSpec;
import org.sparkmlp.nn.Task;
import org.sparkmlp.nn.loss.LossKind;

/**
 * Reads and writes a model directory:
 * <ul>
 *   <li>{@code metadata.json}: human-readable architecture, feature and label columns, preprocessing
 *       statistics, training configuration and final metrics;</li>
 *   <li>{@code weights.bin}: the flat parameter vector as big-endian IEEE-754 doubles, between a header
 *       ({@code "SMLW"}, format version, count) and a CRC-32 of the values, so a load gives back exactly
 *       the bits that were saved.</li>
 * </ul>
 * A save writes a temporary sibling directory and renames it into place, so a reader never sees a
 * half-written model. Nothing is read through Java deserialization.
 */
public final class ModelIO {
    public static final String METADATA = "metadata.json";
    public static final String WEIGHTS = "weights.bin";
    public static final int FORMAT_VERSION = 1;
    private static final int WEIGHTS_MAGIC = 0x534D4C57; // "SMLW"
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelIO() {}

    /**
     * Saves {@code model} to {@code dir}. An existing directory is replaced only with {@code overwrite}.
     *
     * @throws FileAlreadyExistsException when {@code dir} exists and {@code overwrite} is false
     */
    public static void save(MlpModel model, Path dir, boolean overwrite) throws IOException {
        Path target = dir.toAbsolutePath().normalize();
        if (Files.exists(target) && !overwrite) {
            throw new FileAlreadyExistsException(target.toString(), null,
                "a model already exists there; pass --overwrite to replace it");
        }
        Path parent = target.getParent();
        Files.createDirectories(parent);
        Path tmp = parent.resolve("." + target.getFileName() + ".tmp-" + UUID.randomUUID());
        Files.createDirectory(tmp);
        try {
            writeWeights(model.params(), tmp.resolve(WEIGHTS));
            Files.writeString(tmp.resolve(METADATA), JSON.writeValueAsString(metadata(model)));
            if (Files.exists(target)) {
                Path old = parent.resolve("." + target.getFileName() + ".old-" + UUID.randomUUID());
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                deleteRecursively(old);
            } else {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            }
        } finally {
            if (Files.exists(tmp)) {
                deleteRecursively(tmp);
            }
        }
    }

    /** Loads a model saved by {@link #save}; every inconsistency is reported with the file it is in. */
    public static MlpModel load(Path dir) throws IOException {
        Path metaFile = dir.resolve(METADATA);
        if (!Files.isRegularFile(metaFile)) {
            throw new NoSuchFileException(metaFile.toString(), null, "not a spark-mlp model directory (no "
                + METADATA + ")");
        }
        JsonNode meta = JSON.readTree(metaFile.toFile());
        int version = meta.path("formatVersion").asInt(-1);
        if (version != FORMAT_VERSION) {
            throw new IOException(metaFile + ": unknown model format version " + version + "; this build reads version "
                + FORMAT_VERSION);
        }
        try {
            JsonNode arch = meta.get("architecture");
            List<Integer> layers = new ArrayList<>();
            arch.get("layers").forEach(n -> layers.add(n.asInt()));
            ModelSpec spec = new ModelSpec(layers, Activation.fromName(arch.get("activation").asText()),
                Task.valueOf(meta.get("task").asText().toUpperCase(java.util.Locale.ROOT)),
                LossKind.fromName(arch.get("loss").asText()));
            JsonNode pre = meta.get("preprocessing");
            Preprocessor prep = new Preprocessor(doubles(pre.get("featureMean")), doubles(pre.get("featureStd")),
                pre.get("labelMean").asDouble(), pre.get("labelStd").asDouble(), meta.get("numClasses").asInt());
            List<String> features = new ArrayList<>();
            meta.get("featureColumns").forEach(n -> features.add(n.asText()));
            double[] params = readWeights(dir.resolve(WEIGHTS), spec.numParams());
            Map<String, Object> training = JSON.convertValue(meta.path("training"), LinkedHashMap.class);
            Map<String, Double> metrics = new LinkedHashMap<>();
            meta.path("metrics").fields().forEachRemaining(e -> metrics.put(e.getKey(),
                e.getValue().isNumber() ? e.getValue().asDouble() : Double.NaN));
            return new MlpModel(spec, params, prep, features, meta.get("labelColumn").asText(),
                training == null ? Map.of() : training, metrics);
        } catch (NullPointerException | IllegalArgumentException e) {
            throw new IOException(metaFile + ": model metadata is incomplete or inconsistent: " + e.getMessage(), e);
        }
    }

    private static ObjectNode metadata(MlpModel model) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", "spark-mlp-model");
        root.put("formatVersion", FORMAT_VERSION);
        root.put("task", model.spec().task().configName());
        ObjectNode arch = root.putObject("architecture");
        ArrayNode layers = arch.putArray("layers");
        model.spec().layers().forEach(layers::add);
        arch.put("activation", model.spec().activation().configName());
        arch.put("loss", model.spec().loss().configName());
        arch.put("numParams", model.spec().numParams());
        ArrayNode features = root.putArray("featureColumns");
        model.featureColumns().forEach(features::add);
        root.put("labelColumn", model.labelColumn());
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
        pre.put("labelMean", p.labelMean());
        pre.put("labelStd", p.labelStd());
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
        weights.put("file", WEIGHTS);
        weights.put("count", model.params().length);
        weights.put("crc32", Long.toHexString(crc(model.params())));
        return root;
    }

    private static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
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

    private static void writeWeights(double[] params, Path file) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            out.writeInt(WEIGHTS_MAGIC);
            out.writeInt(FORMAT_VERSION);
            out.writeInt(params.length);
            for (double v : params) {
                out.writeDouble(v);
            }
            out.writeLong(crc(params));
        }
    }

    private static double[] readWeights(Path file, int expected) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != WEIGHTS_MAGIC) {
                throw new IOException(file + ": not a spark-mlp weights file (bad magic number)");
            }
            int version = in.readInt();
            if (version != FORMAT_VERSION) {
                throw new IOException(file + ": unknown weights format version " + version + "; this build reads version "
                    + FORMAT_VERSION);
            }
            int count = in.readInt();
            if (count != expected) {
                throw new IOException(file + ": holds " + count + " weights but the architecture in " + METADATA
                    + " needs " + expected);
            }
            double[] params = new double[count];
            for (int i = 0; i < count; i++) {
                params[i] = in.readDouble();
            }
            long stored = in.readLong();
            if (stored != crc(params)) {
                throw new IOException(file + ": checksum mismatch; the weights are corrupted");
            }
            if (in.read() != -1) {
                throw new IOException(file + ": unexpected bytes after the checksum");
            }
            return params;
        } catch (EOFException e) {
            throw new IOException(file + ": truncated weights file", e);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
