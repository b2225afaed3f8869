package org.sparkmlp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkmlp.math.Matrix;
import org.sparkmlp.model.MlpModel;
import org.sparkmlp.model.ModelIO;
import org.sparkmlp.model.Predictor;
import org.sparkmlp.nn.Task;
import org.sparkmlp.onnx.OnnxExport;
import org.sparkmlp.testutil.Cli;
import org.sparkmlp.testutil.CsvTable;
import org.sparkmlp.testutil.Datasets;
import org.sparkmlp.testutil.OnnxRun;
import org.sparkmlp.testutil.SharedSpark;

/** {@code --loss huber} and {@code --loss binary-cross-entropy} through train, evaluate, predict and export. */
class LossTasksCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FEATURES = List.of("sepal_length", "sepal_width", "petal_length");
    private static final List<String> TAGS = List.of("setosa", "virginica", "wide_petal");

    @TempDir
    Path tmp;

    @BeforeAll
    static void spark() {
        SharedSpark.session();
    }

    /** The iris measures and its three 0/1 tags as a CSV file. */
    private Path tagsCsv() throws Exception {
        CsvTable iris = Datasets.irisMultiLabel();
        List<String> columns = new ArrayList<>(FEATURES);
        columns.addAll(TAGS);
        double[][] values = iris.columns(columns);
        List<String> lines = new ArrayList<>(List.of(String.join(",", columns)));
        for (double[] row : values) {
            StringBuilder line = new StringBuilder();
            for (int j = 0; j < row.length; j++) {
                line.append(j == 0 ? "" : ",").append(j < FEATURES.size() ? Double.toString(row[j]) : (int) row[j]);
            }
            lines.add(line.toString());
        }
        Path csv = tmp.resolve("tags.csv");
        Files.write(csv, lines);
        return csv;
    }

    @Test
    void aMultiLabelModelTrainsEvaluatesPredictsAndExports() throws Exception {
        Path data = tagsCsv();
        Path model = tmp.resolve("tags-model");
        Cli.Result train = Cli.run("train", "--data", data.toString(), "--label", String.join(",", TAGS),
            "--layers", "3,16,3", "--activation", "relu", "--loss", "binary-cross-entropy", "--optimizer", "adam",
            "--lr", "0.01", "--epochs", "40", "--batch-size", "16", "--seed", "4", "--model", model.toString());
        assertEquals(0, train.exitCode(), train.err());
        JsonNode trained = JSON.readTree(train.lastLine());
        assertTrue(trained.get("train.accuracy").asDouble() > 0.93, train.lastLine());

        MlpModel m = ModelIO.load(model);
        assertEquals(Task.MULTI_LABEL, m.task());
        assertEquals(TAGS, m.labelColumns());

        Cli.Result eval = Cli.run("evaluate", "--model", model.toString(), "--data", data.toString());
        assertEquals(0, eval.exitCode(), eval.err());
        JsonNode metrics = JSON.readTree(eval.lastLine());
        assertEquals(150, metrics.get("count").asInt());
        assertEquals(trained.get("train.accuracy").asDouble(), metrics.get("accuracy").asDouble(), 1e-12,
            "evaluate on the training rows reproduces the training-set accuracy");
        for (String key : List.of("subsetAccuracy", "loss", "macroF1", "f1.2")) {
            assertTrue(metrics.has(key), key + " in " + metrics);
        }

        Path out = tmp.resolve("tags.parquet");
        Cli.Result predict = Cli.run("predict", "--model", model.toString(), "--data", data.toString(), "--output",
            out.toString());
        assertEquals(0, predict.exitCode(), predict.err());
        Dataset<Row> scored = SharedSpark.session().read().parquet(out.toString());
        long allRight = 0;
        for (Row r : scored.collectAsList()) {
            List<Double> prediction = r.getList(r.fieldIndex("prediction"));
            List<Double> probability = r.getList(r.fieldIndex("probability"));
            assertEquals(3, prediction.size());
            boolean right = true;
            for (int j = 0; j < 3; j++) {
                assertEquals(probability.get(j) >= 0.5 ? 1.0 : 0.0, prediction.get(j), "a tag is a yes at 0.5");
                right &= prediction.get(j) == ((Number) r.getAs(TAGS.get(j))).doubleValue();
            }
            allRight += right ? 1 : 0;
        }
        assertEquals(metrics.get("subsetAccuracy").asDouble(), allRight / 150.0, 1e-12);

        Path csvOut = tmp.resolve("tags-out.csv");
        Cli.Result predictCsv = Cli.run("predict", "--model", model.toString(), "--data", data.toString(),
            "--output", csvOut.toString());
        assertEquals(0, predictCsv.exitCode(), predictCsv.err());
        Row first = SharedSpark.session().read().option("header", "true").csv(csvOut.toString()).first();
        assertTrue(first.getAs("prediction").toString().startsWith("["), "CSV writes the array as text");

        Path onnx = tmp.resolve("tags.onnx");
        Cli.Result export = Cli.run("export", "--model", model.toString(), "--output", onnx.toString());
        assertEquals(0, export.exitCode(), export.err());
        double[][] x = Datasets.irisMultiLabel().columns(FEATURES);
        Map<String, Object> run = OnnxRun.run(Files.readAllBytes(onnx), OnnxExport.INPUT, x);
        float[][] probability = (float[][]) run.get(OnnxExport.PROBABILITY);
        long[][] label = (long[][]) run.get(OnnxExport.LABEL);
        Predictor predictor = m.newPredictor(x.length);
        for (int r = 0; r < x.length; r++) {
            predictor.setRow(r, x[r]);
        }
        Matrix ours = predictor.run(x.length);
        for (int r = 0; r < x.length; r++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(ours.get(r, j), probability[r][j], 1e-5, "ONNX Runtime's probability, row " + r);
                assertEquals(probability[r][j] >= 0.5f ? 1 : 0, label[r][j], "ONNX Runtime's tag, row " + r);
            }
        }
    }

    @Test
    void aHuberRegressionTrainsAndEvaluates() throws Exception {
        Path model = tmp.resolve("huber-model");
        Cli.Result train = Cli.run("train", "--data", "data/iris/iris.csv", "--label", "petal_width", "--features",
            String.join(",", FEATURES), "--layers", "3,16,1", "--activation", "tanh", "--loss", "huber",
            "--optimizer", "adam", "--lr", "0.01", "--epochs", "40", "--batch-size", "16", "--seed", "3",
            "--model", model.toString());
        assertEquals(0, train.exitCode(), train.err());
        assertEquals("huber", ModelIO.load(model).spec().loss().configName());
        Cli.Result eval = Cli.run("evaluate", "--model", model.toString(), "--data", "data/iris/iris.csv");
        assertEquals(0, eval.exitCode(), eval.err());
        JsonNode metrics = JSON.readTree(eval.lastLine());
        assertTrue(metrics.get("r2").asDouble() > 0.9, metrics.toString());
    }
}
