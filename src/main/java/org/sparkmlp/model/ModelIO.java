package org.sparkmlp.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.sparkmlp.io.FileDir;
import org.sparkmlp.math.Checks;

/**
 * Saves and loads a model directory, on any {@link FileDir}:
 * <ul>
 *   <li>{@value #METADATA}: the {@link ModelMetadata}, JSON;</li>
 *   <li>{@code weights-<id>.bin}: the flat parameter vector in the {@link WeightsFormat};</li>
 *   <li>{@value #HISTORY_CSV}, {@value #HISTORY_JSONL} and {@value #REPORT}, when the trainer or the report
 *       command wrote them.</li>
 * </ul>
 * {@code metadata.json} is the commit point of a save: the new weights go to a file of their own, the
 * other files are written safely ({@link FileDir#write}), and the metadata is written last, replacing the
 * old one in one rename. A save that stops at any point leaves the previous model loadable and unchanged;
 * the old weights file is deleted only after the rename. Nothing is read through Java deserialization.
 *
 * <p>Format version 2 describes the network as a list of layers and allows several label columns.
 * Version 1 directories (release 0.1.0: layer widths, one hidden activation, one label) still load, as the
 * same network, and predict bit for bit as they did.
 */
public final class ModelIO {
    public static final String METADATA = "metadata.json";
    public static final String HISTORY_CSV = "history.csv";
    public static final String HISTORY_JSONL = "history.jsonl";
    public static final String REPORT = "report.html";
    public static final int FORMAT_VERSION = ModelMetadata.VERSION;
    private static final Pattern WEIGHTS_NAME = Pattern.compile("weights(-[0-9a-f]{1,32})?\\.bin");
    private static final List<String> EXTRA_NAMES = List.of(HISTORY_CSV, HISTORY_JSONL, REPORT);

    private ModelIO() {}

    /**
     * Refuses a model directory that cannot be written: an existing model without {@code overwrite}, or
     * a path that holds something other than a model. Call it before training, so that a long run does
     * not end in a refused save.
     */
    public static void checkWritable(Path dir, boolean overwrite) throws IOException {
        checkWritable(FileDir.local(dir), overwrite);
    }

    /** {@link #checkWritable(Path, boolean)} for a directory on any file system. */
    public static void checkWritable(FileDir dir, boolean overwrite) throws IOException {
        if (!dir.exists()) {
            return;
        }
        if (!dir.isDirectory()) {
            throw new FileAlreadyExistsException(dir.toString(), null, "a file is in the way of the model directory");
        }
        if (dir.isFile(METADATA)) {
            if (!overwrite) {
                throw new FileAlreadyExistsException(dir.toString(), null,
                    "a model already exists there; give `overwrite` to replace it");
            }
            return;
        }
        List<String> foreign = dir.list().stream().filter(n -> !isOurs(n)).toList();
        if (!foreign.isEmpty()) {
            throw new FileAlreadyExistsException(dir.toString(), null, "the directory is not a spark-mlp model "
                + "(no " + METADATA + ") and holds " + foreign + "; refusing to write into it");
        }
    }

    /** Files a save writes, and temporary files left by a save that stopped. */
    private static boolean isOurs(String name) {
        return WEIGHTS_NAME.matcher(name).matches() || EXTRA_NAMES.contains(name) || FileDir.isTemporary(name)
            || name.endsWith(".crc");
    }

    /**
     * Saves {@code model} to {@code dir}. An existing model is replaced only with {@code overwrite}.
     *
     * @throws FileAlreadyExistsException when {@code dir} holds a model and {@code overwrite} is false, or
     *                                    holds files that are not a model's
     */
    public static void save(MlpModel model, Path dir, boolean overwrite) throws IOException {
        save(model, FileDir.local(dir), overwrite, Map.of());
    }

    /**
     * {@link #save(MlpModel, Path, boolean)} to a directory on any file system, with extra files beside the
     * model, such as the training history ({@value #HISTORY_CSV}, {@value #HISTORY_JSONL}), each written
     * safely before the model commits. Extra files of an earlier save that this one does not write are
     * deleted after the commit.
     */
    public static void save(MlpModel model, FileDir dir, boolean overwrite, Map<String, byte[]> extraFiles)
        throws IOException {
        for (String name : extraFiles.keySet()) {
            Checks.arg(EXTRA_NAMES.contains(name), "not a model directory file name: %s", name);
        }
        checkWritable(dir, overwrite);
        dir.mkdirs();
        String weightsName = "weights-" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 16)
            + ".bin";
        boolean committed = false;
        try {
            dir.writeNew(weightsName, WeightsFormat.file(model.params()));
            for (Map.Entry<String, byte[]> f : extraFiles.entrySet()) {
                dir.write(f.getKey(), f.getValue());
            }
            dir.write(METADATA, ModelMetadata.of(model, weightsName).toBytes());
            committed = true;
        } finally {
            if (!committed) {
                dir.deleteIfExists(weightsName);
            }
        }
        for (String name : dir.list()) {
            boolean replaced = WEIGHTS_NAME.matcher(name).matches() && !name.equals(weightsName);
            boolean stale = EXTRA_NAMES.contains(name) && !extraFiles.containsKey(name);
            if (replaced || stale || FileDir.isTemporary(name)) {
                dir.deleteIfExists(name);
            }
        }
    }

    /** The weights file that {@code dir}'s metadata names. */
    public static Path weightsFile(Path dir) throws IOException {
        JsonNode meta = ModelMetadata.tree(java.nio.file.Files.readAllBytes(dir.resolve(METADATA)));
        return dir.resolve(meta.path("weights").path("file").asText());
    }

    /**
     * Loads a model saved by {@link #save}.
     *
     * @throws NoSuchFileException   when {@code dir} is not a model directory
     * @throws ModelFormatException  when it is one that cannot be loaded as it is; the message names the file
     */
    public static MlpModel load(Path dir) throws IOException {
        return load(FileDir.local(dir));
    }

    /** {@link #load(Path)} from a directory on any file system. */
    public static MlpModel load(FileDir dir) throws IOException {
        String metaFile = dir.describe(METADATA);
        if (!dir.isFile(METADATA)) {
            throw new NoSuchFileException(metaFile, null, "not a spark-mlp model directory (no " + METADATA + ")");
        }
        JsonNode tree;
        try {
            tree = ModelMetadata.tree(dir.read(METADATA));
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new ModelFormatException(metaFile + ": not valid JSON (" + e.getOriginalMessage() + ")", e);
        }
        try {
            Checks.arg(tree != null && tree.isObject(), "expected a JSON object");
            Checks.arg(ModelMetadata.FORMAT.equals(tree.path("format").asText(null)), "'format' is not \"%s\"",
                ModelMetadata.FORMAT);
            JsonNode version = tree.get("formatVersion");
            Checks.arg(version != null && version.isInt(), "'formatVersion' holds %s, expected an integer", version);
            if (version.asInt() != ModelMetadata.VERSION && version.asInt() != 1) {
                throw new ModelFormatException(metaFile + ": unknown model format version " + version.asInt()
                    + "; this build reads versions 1 to " + ModelMetadata.VERSION);
            }
            ModelMetadata meta = version.asInt() == 1 ? LegacyMetadata.read(tree) : ModelMetadata.fromJson(tree);
            Checks.arg(meta.weights() != null && meta.weights().file() != null, "'weights.file' is missing");
            String weightsName = meta.weights().file();
            Checks.arg(WEIGHTS_NAME.matcher(weightsName).matches(), "'weights.file' is '%s', not a weights file name",
                weightsName);
            if (!dir.isFile(weightsName)) {
                throw new ModelFormatException(dir.describe(weightsName) + ": the weights file named in " + METADATA
                    + " is missing");
            }
            double[] params = WeightsFormat.readFile(dir.read(weightsName), meta.spec().numParams(),
                dir.describe(weightsName));
            MlpModel model = meta.toModel(params);
            if (!meta.definitionIntact()) {
                throw new ModelFormatException(metaFile + ": the model's definition (architecture, columns or "
                    + "preprocessing) does not match its checksum; the file was changed after the model was saved");
            }
            return model;
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(metaFile + ": model metadata is incomplete or inconsistent: " + e.getMessage(),
                e);
        }
    }
}
