package org.sparkmlp.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkmlp.data.Preprocessor;
import org.sparkmlp.io.FileDir;
import org.sparkmlp.math.Matrix;
import org.sparkmlp.nn.MLP;
import org.sparkmlp.nn.ModelSpec;
import org.sparkmlp.nn.Task;
import org.sparkmlp.nn.loss.LossKind;
import org.sparkmlp.testutil.StoppingDir;

class ModelIOTest {
    @TempDir
    Path tmp;

    private static MlpModel model(Task task) {
        LossKind loss = task == Task.CLASSIFICATION ? LossKind.CROSS_ENTROPY : LossKind.MSE;
        int out = task == Task.CLASSIFICATION ? 3 : 1;
        ModelSpec spec = ModelSpec.of(List.of(4, 6, out), "sigmoid", loss);
        double[] params = MLP.create(spec, 9).params().values();
        Preprocessor prep = new Preprocessor(new double[] {0.1, 1.0 / 3, -2e-7, 5e9},
            new double[] {1.5, Math.PI, 0, 1e-3}, new double[] {task == Task.CLASSIFICATION ? 0 : 206864.123},
            new double[] {task == Task.CLASSIFICATION ? 1 : 115000.75}, task == Task.CLASSIFICATION ? 3 : 0);
        return new MlpModel(spec, params, prep, List.of("a", "b", "c", "d"), List.of("label"),
            Map.of("optimizer", "adam", "epochs", 3), Map.of("train.accuracy", 0.5, "r2", Double.NaN));
    }

    private static double[] predictions(MlpModel m) {
        Predictor p = m.newPredictor(8);
        SplittableRandom rng = new SplittableRandom(1);
        for (int r = 0; r < 8; r++) {
            p.setRow(r, new double[] {rng.nextDouble(), rng.nextDouble() * 10, rng.nextDouble(), 5e9 + rng.nextDouble()});
        }
        Matrix out = p.run(8);
        return java.util.Arrays.copyOf(out.data(), 8 * out.cols());
    }

    @Test
    void saveThenLoadGivesBitIdenticalWeightsAndPredictions() throws IOException {
        for (Task task : Task.values()) {
            MlpModel m = model(task);
            Path dir = tmp.resolve(task.configName());
            ModelIO.save(m, dir, false);
            MlpModel back = ModelIO.load(dir);
            assertEquals(m, back);
            assertArrayEquals(m.params(), back.params());
            assertArrayEquals(m.preprocessor().featureMean(), back.preprocessor().featureMean());
            assertArrayEquals(m.preprocessor().featureStd(), back.preprocessor().featureStd());
            assertArrayEquals(predictions(m), predictions(back), "bit-identical predictions");
            assertEquals(0.5, back.metrics().get("train.accuracy"));
            assertTrue(Double.isNaN(back.metrics().get("r2")));
            assertEquals("adam", back.training().get("optimizer"));
        }
    }

    @Test
    void metadataIsReadableJson() throws IOException {
        ModelIO.save(model(Task.CLASSIFICATION), tmp.resolve("m"), false);
        String json = Files.readString(tmp.resolve("m").resolve(ModelIO.METADATA));
        assertTrue(json.contains("\"inputDim\" : 4"), json);
        assertTrue(json.replaceAll("\\s+", "").contains("\"network\":[{\"type\":\"linear\",\"units\":6},{\"type\":"
            + "\"sigmoid\"},{\"type\":\"linear\",\"units\":3},{\"type\":\"softmax\"}]"), json);
        assertTrue(json.contains("\"featureColumns\" : [ \"a\", \"b\", \"c\", \"d\" ]"), json);
        try (var files = Files.list(tmp)) {
            assertEquals(List.of(tmp.resolve("m")), files.toList(), "no temporary directory is left behind");
        }
    }

    @Test
    void anExistingModelIsReplacedOnlyWithOverwrite() throws IOException {
        Path dir = tmp.resolve("m");
        ModelIO.save(model(Task.CLASSIFICATION), dir, false);
        FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class,
            () -> ModelIO.save(model(Task.REGRESSION), dir, false));
        assertTrue(e.getMessage().contains("`overwrite`"), e.getMessage());
        assertEquals(Task.CLASSIFICATION, ModelIO.load(dir).spec().task());
        ModelIO.save(model(Task.REGRESSION), dir, true);
        assertEquals(Task.REGRESSION, ModelIO.load(dir).spec().task());
    }

    @Test
    void corruptedOrTruncatedWeightsAreRefusedNamingTheFile() throws IOException {
        Path dir = tmp.resolve("m");
        ModelIO.save(model(Task.CLASSIFICATION), dir, false);
        Path weights = ModelIO.weightsFile(dir);
        byte[] bytes = Files.readAllBytes(weights);
        bytes[40] ^= 0x10;
        Files.write(weights, bytes);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelIO.load(dir));
        assertTrue(e.getMessage().contains("checksum") && e.getMessage().contains(weights.getFileName().toString()),
            e.getMessage());

        Files.write(weights, java.util.Arrays.copyOf(bytes, 100));
        e = assertThrows(ModelFormatException.class, () -> ModelIO.load(dir));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());

        Files.delete(weights);
        e = assertThrows(ModelFormatException.class, () -> ModelIO.load(dir));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void handEditedMetadataThatNoLongerMatchesTheWeightsIsRefused() throws IOException {
        Path dir = tmp.resolve("m");
        ModelIO.save(model(Task.CLASSIFICATION), dir, false);
        Path meta = dir.resolve(ModelIO.METADATA);
        String json = Files.readString(meta);

        Files.writeString(meta, json.replace("\"units\" : 6", "\"units\" : 7"));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelIO.load(dir));
        assertTrue(e.getMessage().contains("holds 51 weights") && e.getMessage().contains("needs 59"), e.getMessage());

        Files.writeString(meta, json.replace("\"labelColumns\" : [ \"label\" ]", "\"labelColumns\" : [ \"y\" ]"));
        e = assertThrows(ModelFormatException.class, () -> ModelIO.load(dir));
        assertTrue(e.getMessage().contains(ModelIO.METADATA) && e.getMessage().contains("changed after the model was saved"),
            e.getMessage());

        Files.writeString(meta, json.replace("\"formatVersion\" : 2", "\"formatVersion\" : 7"));
        e = assertThrows(ModelFormatException.class, () -> ModelIO.load(dir));
        assertTrue(e.getMessage().contains("unknown model format version 7"), e.getMessage());

        Files.writeString(meta, json.replaceFirst("\"featureStd\" : \\[ [^,]*,", "\"featureStd\" : [ \"wide\","));
        e = assertThrows(ModelFormatException.class, () -> ModelIO.load(dir));
        assertTrue(e.getMessage().contains("'preprocessing.featureStd[0]'") && e.getMessage().contains("wrong kind"),
            e.getMessage());

        Files.writeString(meta, json.substring(0, json.length() / 2));
        e = assertThrows(ModelFormatException.class, () -> ModelIO.load(dir));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    }

    @Test
    void theFilesAreJsonAndARawWeightsFormatNotJavaSerialization() throws IOException {
        Path dir = tmp.resolve("m");
        ModelIO.save(model(Task.REGRESSION), dir, false);
        try (var files = Files.list(dir)) {
            List<Path> all = files.sorted().toList();
            assertEquals(List.of(dir.resolve(ModelIO.METADATA), ModelIO.weightsFile(dir)),
                all.stream().sorted(java.util.Comparator.comparing(p -> !p.endsWith(ModelIO.METADATA))).toList());
        }
        byte[] weights = Files.readAllBytes(ModelIO.weightsFile(dir));
        assertEquals("SMLW", new String(weights, 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals('{', Files.readString(dir.resolve(ModelIO.METADATA)).charAt(0));
    }

    /** The changes a save of one model over another makes, counted on a directory that never stops. */
    private static int stepsOfASave(Path dir, MlpModel over, MlpModel with) throws IOException {
        ModelIO.save(over, dir, true);
        StoppingDir counting = new StoppingDir(FileDir.local(dir), Integer.MAX_VALUE, false);
        ModelIO.save(with, counting, true, Map.of());
        return counting.steps();
    }

    @Test
    void aSaveStoppedAtAnyStepLeavesOneWholeModelAndNoTemporaryFile() throws IOException {
        Path dir = tmp.resolve("m");
        MlpModel before = model(Task.CLASSIFICATION);
        MlpModel after = model(Task.REGRESSION);
        int steps = stepsOfASave(dir, before, after);
        assertTrue(steps >= 4, steps + " steps");
        for (int k = 0; k < steps; k++) {
            ModelIO.save(before, dir, true);
            int at = k;
            IOException e = assertThrows(IOException.class,
                () -> ModelIO.save(after, new StoppingDir(FileDir.local(dir), at, false), true, Map.of()));
            assertTrue(e.getMessage().contains("stopped before step " + k), e.getMessage());
            MlpModel loaded = ModelIO.load(dir);
            assertTrue(loaded.equals(before) || loaded.equals(after), "a whole model after a save stopped at step " + k);
            assertArrayEquals(predictions(loaded.equals(before) ? before : after), predictions(loaded));
            try (var files = Files.list(dir)) {
                assertTrue(files.noneMatch(f -> FileDir.isTemporary(f.getFileName().toString())),
                    "no temporary file after step " + k);
            }
        }
        ModelIO.save(after, dir, true);
        assertEquals(after, ModelIO.load(dir));
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "the replaced weights are gone");
        }
    }

    @Test
    void aProcessKilledAtAnyStepOfASaveLeavesOneWholeModel() throws Exception {
        Path dir = tmp.resolve("m");
        int steps = stepsOfASave(dir, SaveOnce.model(0), SaveOnce.model(1));
        for (int k = 0; k <= steps; k++) {
            ModelIO.save(SaveOnce.model(0), dir, true);
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SaveOnce.class.getName(), dir.toString(),
                Integer.toString(k)).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            int code = p.waitFor();
            assertEquals(k < steps ? 137 : 0, code, "the child stops at step " + k + " of " + steps + ": " + output);
            MlpModel loaded = ModelIO.load(dir);
            assertTrue(loaded.equals(SaveOnce.model(0)) || loaded.equals(SaveOnce.model(1)), "killed at step " + k);
            if (k == steps) {
                assertEquals(SaveOnce.model(1), loaded, "a save that is not stopped commits");
            }
        }
    }

    /** Saves model 1 over whatever is in the directory, halting the JVM before the given step. */
    public static final class SaveOnce {
        static MlpModel model(int which) {
            ModelSpec spec = ModelSpec.of(List.of(400, 1000, 400, 10), "relu", LossKind.CROSS_ENTROPY);
            double[] params = MLP.create(spec, which).params().values();
            double[] zeros = new double[400];
            double[] ones = new double[400];
            java.util.Arrays.fill(ones, 1);
            List<String> cols = java.util.stream.IntStream.range(0, 400).mapToObj(i -> "f" + i).toList();
            return new MlpModel(spec, params, new Preprocessor(zeros, ones, new double[] {0}, new double[] {1}, 10), cols,
                List.of("label"), Map.of(),
                Map.of());
        }

        public static void main(String[] args) throws IOException {
            ModelIO.save(model(1), new StoppingDir(FileDir.local(Path.of(args[0])), Integer.parseInt(args[1]), true), true,
                Map.of());
        }
    }
}
