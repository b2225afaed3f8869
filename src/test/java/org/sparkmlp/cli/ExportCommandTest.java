package org.sparkmlp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkmlp.model.MlpModel;
import org.sparkmlp.model.ModelIO;
import org.sparkmlp.onnx.proto.OnnxProto;
import org.sparkmlp.testutil.Cli;
import org.sparkmlp.testutil.CsvTable;
import org.sparkmlp.testutil.Datasets;
import org.sparkmlp.testutil.OnnxRun;

/** {@code spark-mlp export}: a model directory written by {@code train} in, an ONNX file out. */
class ExportCommandTest {
    @TempDir
    static Path tmp;

    private static Path model;

    @BeforeAll
    static void trainLetter() {
        model = tmp.resolve("letter");
        Cli.Result train = Cli.run("train", "--job", "jobs/letter.properties", "--epochs", "2", "--model",
            model.toString());
        assertEquals(0, train.exitCode(), train.err());
    }

    @Test
    void theExportedFileGivesTheSavedModelsPredictions() throws Exception {
        Path onnx = tmp.resolve("out/letter.onnx");
        Cli.Result export = Cli.run("export", "--model", model.toString(), "--output", onnx.toString());
        assertEquals(0, export.exitCode(), export.err());
        MlpModel saved = ModelIO.load(model);
        double accuracy = OnnxRun.assertSameClassifications(saved, Files.readAllBytes(onnx),
            CsvTable.read(Datasets.repo("letter/test.csv.gz")));
        assertTrue(accuracy > 0.6, "accuracy " + accuracy);

        Cli.Result again = Cli.run("export", "--model", model.toString(), "--output", onnx.toString(), "--opset", "13");
        assertEquals(0, again.exitCode(), again.err());
        assertEquals(13, OnnxProto.ModelProto.parseFrom(Files.readAllBytes(onnx)).getOpsetImport(0).getVersion(),
            "the file was replaced");
        try (var files = Files.list(onnx.getParent())) {
            assertEquals(List.of(onnx), files.toList(), "no temporary file is left");
        }
    }

    @Test
    void anOperatorSetOutOfRangeIsRefused() {
        Path onnx = tmp.resolve("opset.onnx");
        Cli.Result r = Cli.run("export", "--model", model.toString(), "--output", onnx.toString(), "--opset", "9");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("ONNX export writes operator sets 13 to 23, got 9"), r.err());
        assertFalse(Files.exists(onnx));
    }

    @Test
    void damagedModelDirectoriesAreRefusedWithEvaluatesErrors() throws Exception {
        refusedLikeEvaluate("features", m -> ((ArrayNode) m.get("featureColumns")).remove(0));
        refusedLikeEvaluate("inputs", m -> ((ObjectNode) m.get("architecture")).put("inputDim", 15));
        refusedLikeEvaluate("classes", m -> m.put("numClasses", 25));
        refusedLikeEvaluateWhenWeights("flipped", w -> {
            w[w.length / 2] ^= 0x10;
            return w;
        });
        refusedLikeEvaluateWhenWeights("truncated", w -> Arrays.copyOf(w, w.length - 4));
    }

    /** A copy of the model with its metadata changed by {@code damage}: export fails as evaluate does. */
    private static void refusedLikeEvaluate(String name, Consumer<ObjectNode> damage) throws Exception {
        refusedLikeEvaluateWhenDamaged(name, dir -> {
            ObjectMapper json = new ObjectMapper();
            ObjectNode meta = (ObjectNode) json.readTree(dir.resolve(ModelIO.METADATA).toFile());
            damage.accept(meta);
            json.writeValue(dir.resolve(ModelIO.METADATA).toFile(), meta);
        });
    }

    /** The same, with the weights file's bytes replaced by {@code damage}'s. */
    private static void refusedLikeEvaluateWhenWeights(String name, java.util.function.UnaryOperator<byte[]> damage)
        throws Exception {
        refusedLikeEvaluateWhenDamaged(name, dir -> {
            try (var files = Files.list(dir)) {
                Path weights = files.filter(f -> f.getFileName().toString().startsWith("weights")).findFirst()
                    .orElseThrow();
                Files.write(weights, damage.apply(Files.readAllBytes(weights)));
            }
        });
    }

    private interface Damage {
        void apply(Path modelDir) throws Exception;
    }

    /** A copy of the model damaged by {@code damage}: export fails with evaluate's message and writes nothing. */
    private static void refusedLikeEvaluateWhenDamaged(String name, Damage damage) throws Exception {
        Path damaged = tmp.resolve("damaged-" + name);
        Files.createDirectories(damaged);
        try (var files = Files.list(model)) {
            for (Path f : files.toList()) {
                Files.copy(f, damaged.resolve(f.getFileName()));
            }
        }
        damage.apply(damaged);

        Path onnx = tmp.resolve(name + ".onnx");
        Cli.Result export = Cli.run("export", "--model", damaged.toString(), "--output", onnx.toString());
        Cli.Result evaluate = Cli.run("evaluate", "--model", damaged.toString(), "--data", "data/letter/test.csv.gz");
        assertEquals(1, export.exitCode(), name + ": " + export.err());
        assertEquals(1, evaluate.exitCode(), name + ": " + evaluate.err());
        assertEquals(evaluate.err().strip().replace("spark-mlp evaluate: ", ""),
            export.err().strip().replace("spark-mlp export: ", ""), name);
        assertTrue(export.err().contains(damaged.toString()), export.err());
        assertFalse(Files.exists(onnx), name + ": nothing is written");
    }
}
