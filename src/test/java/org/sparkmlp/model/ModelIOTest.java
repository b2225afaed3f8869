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
import org.sparkmlp.math.Matrix;
import org.sparkmlp.nn.Activation;
import org.sparkmlp.nn.MLP;
import org.sparkmlp.nn.ModelSpec;
import org.sparkmlp.nn.Task;
import org.sparkmlp.nn.loss.LossKind;

class ModelIOTest {
    @TempDir
    Path tmp;

    private static MlpModel model(Task task) {
        LossKind loss = task == Task.CLASSIFICATION ? LossKind.CROSS_ENTROPY : LossKind.MSE;
        int out = task == Task.CLASSIFICATION ? 3 : 1;
        ModelSpec spec = new ModelSpec(List.of(4, 6, out), Activation.SIGMOID, task, loss);
        double[] params = MLP.create(spec, 9).params().values();
        Preprocessor prep = new Preprocessor(new double[] {0.1, 1.0 / 3, -2e-7, 5e9},
            new double[] {1.5, Math.PI, 0, 1e-3}, task == Task.CLASSIFICATION ? 0 : 206864.123,
            task == Task.CLASSIFICATION ? 1 : 115000.75, task == Task.CLASSIFICATION ? 3 : 0);
        return new MlpModel(spec, params, prep, List.of("a", "b", "c", "d"), "label",
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
        assertTrue(json.contains("\"layers\" : [ 4, 6, 3 ]"), json);
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
        assertTrue(e.getMessage().contains("--overwrite"), e.getMessage());
        assertEquals(Task.CLASSIFICATION, ModelIO.load(dir).spec().task());
        ModelIO.save(model(Task.REGRESSION), dir, true);
        assertEquals(Task.REGRESSION, ModelIO.load(dir).spec().task());
    }

    @Test
    void corruptedOrTruncatedWeightsAreRefusedNamingTheFile() throws IOException {
        Path dir = tmp.resolve("m");
        ModelIO.save(model(Task.CLASSIFICATION), dir, false);
        Path weights = dir.resolve(ModelIO.WEIGHTS);
        byte[] bytes = Files.readAllBytes(weights);
        bytes[40] ^= 0x10;
        Files.write(weights, bytes);
        IOException e = assertThrows(IOException.class, () -> ModelIO.load(dir));
        assertTrue(e.getMessage().contains("checksum") && e.getMessage().contains(ModelIO.WEIGHTS), e.getMessage());

        Files.write(weights, java.util.Arrays.copyOf(bytes, 100));
        e = assertThrows(IOException.class, () -> ModelIO.load(dir));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }
}
