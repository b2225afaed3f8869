package org.sparkmlp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkmlp.data.TableEncoding;
import org.sparkmlp.model.MlpModel;
import org.sparkmlp.model.ModelIO;
import org.sparkmlp.testutil.Cli;
import org.sparkmlp.testutil.SharedSpark;

/**
 * A mixed table as published (the shipped penguins: string columns, a string label, empty cells) trained
 * with nothing but the label: the string columns become inputs, the gaps are filled, the classes keep their
 * names, and the encoding travels with the model to evaluate and predict.
 */
class MixedTableTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TRAIN = "data/penguins/train.csv";
    private static final String TEST = "data/penguins/test.csv";

    @TempDir
    static Path tmp;
    private static Path model;
    private static Cli.Result train;

    @BeforeAll
    static void trainOnce() {
        SharedSpark.session();
        model = tmp.resolve("penguins");
        train = Cli.run("train", "--data", TRAIN, "--label", "species", "--model", model.toString());
    }

    @Test
    void nothingButTheLabelTrainsAGoodModelOfEveryColumn() throws Exception {
        assertEquals(0, train.exitCode(), train.err());
        MlpModel m = ModelIO.load(model);
        TableEncoding table = m.table();
        assertEquals(List.of("island", "bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g", "sex",
            "year"), table.columnNames());
        assertEquals(List.of("Adelie", "Chinstrap", "Gentoo"), table.classes());
        assertEquals(List.of("island=Biscoe", "island=Dream", "island=Torgersen"),
            m.featureColumns().subList(0, 3));
        assertTrue(m.featureColumns().contains("sex=(missing)"), m.featureColumns().toString());
        assertTrue(m.featureColumns().contains("bill_length_mm=(missing)"), m.featureColumns().toString());
        assertTrue(((List<?>) m.training().get("inputColumns")).contains("sex: categorical, 2 levels + (missing)"),
            m.training().toString());
        JsonNode trained = JSON.readTree(train.lastLine());
        long perEpoch = (trained.get("train.count").asLong() + 31) / 32;
        assertTrue(trained.get("iterations").asLong() < 200 * perEpoch, "early stopping ended training before the "
            + "200 epochs of 32-row batches: " + train.lastLine());

        Cli.Result eval = Cli.run("evaluate", "--model", model.toString(), "--data", TEST);
        assertEquals(0, eval.exitCode(), eval.err());
        double accuracy = JSON.readTree(eval.lastLine()).get("accuracy").asDouble();
        assertTrue(accuracy >= 0.95, eval.lastLine());
        assertEquals("[\"Adelie\",\"Chinstrap\",\"Gentoo\"]", JSON.readTree(eval.lastLine()).get("classes").toString());
        assertTrue(JSON.readTree(eval.lastLine()).has("recall.Gentoo"), eval.lastLine());
        assertTrue(JSON.readTree(train.lastLine()).has("validation.f1.Chinstrap"), train.lastLine());
    }

    @Test
    void predictionsAreClassNamesAndUnseenLevelsAndEmptyCellsAreScored() throws Exception {
        assertEquals(0, train.exitCode(), train.err());
        List<String> lines = Files.readAllLines(Path.of(TEST));
        String header = lines.get(0);
        Path odd = tmp.resolve("odd.csv");
        // An island never seen in training, every cell of a row empty but the label, and a plain row.
        Files.write(odd, List.of(header,
            "Adelie,Atlantis,39.1,18.7,181.0,3750.0,male,2007",
            "Gentoo,,,,,,,",
            lines.get(1)));
        Path out = tmp.resolve("odd-predictions");
        Cli.Result predict = Cli.run("predict", "--model", model.toString(), "--data", odd.toString(), "--output",
            out.toString());
        assertEquals(0, predict.exitCode(), predict.err());
        Dataset<Row> scored = SharedSpark.session().read().parquet(out.toString());
        List<Row> rows = scored.select("species", "prediction").collectAsList();
        assertEquals(3, rows.size());
        for (Row r : rows) {
            assertTrue(List.of("Adelie", "Chinstrap", "Gentoo").contains(r.getString(1)), r.toString());
        }
        assertEquals(lines.get(1).split(",")[0], rows.get(2).getString(1), "a plain test row is scored as its class");
    }

    @Test
    void theSameTableFromParquetWithNullsTrainsTheSameEncodingAndQuality() throws Exception {
        assertEquals(0, train.exitCode(), train.err());
        Path parquet = tmp.resolve("penguins.parquet");
        Dataset<Row> csv = SharedSpark.session().read().option("header", "true").option("inferSchema", "true")
            .csv(TRAIN);
        assertTrue(csv.where("sex is null").count() > 0, "the empty cells are Parquet nulls");
        csv.write().parquet(parquet.toString());
        Path fromParquet = tmp.resolve("penguins-parquet");
        Cli.Result r = Cli.run("train", "--data", parquet.toString(), "--label", "species", "--model",
            fromParquet.toString());
        assertEquals(0, r.exitCode(), r.err());
        TableEncoding viaCsv = ModelIO.load(model).table();
        TableEncoding viaParquet = ModelIO.load(fromParquet).table();
        assertEquals(viaCsv.inputNames(), viaParquet.inputNames());
        assertEquals(viaCsv.classes(), viaParquet.classes());
        for (int c = 0; c < viaCsv.columns().size(); c++) {
            assertEquals(viaCsv.columns().get(c).fill(), viaParquet.columns().get(c).fill(), 1e-9);
        }
        Cli.Result eval = Cli.run("evaluate", "--model", fromParquet.toString(), "--data", TEST);
        assertEquals(0, eval.exitCode(), eval.err());
        assertTrue(JSON.readTree(eval.lastLine()).get("accuracy").asDouble() >= 0.95, eval.lastLine());
    }

    @Test
    void aClassTrainingNeverSawIsNamedAtEvaluation() throws Exception {
        assertEquals(0, train.exitCode(), train.err());
        List<String> lines = Files.readAllLines(Path.of(TEST));
        Path emperor = tmp.resolve("emperor.csv");
        Files.write(emperor, List.of(lines.get(0), lines.get(1), lines.get(2).replaceFirst("^[A-Za-z]+", "Emperor")));
        Cli.Result eval = Cli.run("evaluate", "--model", model.toString(), "--data", emperor.toString());
        assertNotEquals(0, eval.exitCode());
        assertTrue(eval.err().contains("'Emperor' is not a class the model knows; its classes are Adelie, Chinstrap, "
            + "Gentoo"), eval.err());
    }

    @Test
    void aWordInANumericColumnNamesTheLineAndColumnInTraining() throws Exception {
        List<String> lines = Files.readAllLines(Path.of(TRAIN));
        List<String> typo = new java.util.ArrayList<>(lines);
        typo.set(7, typo.get(7).replaceFirst(",[0-9.]+,", ",4O.1,"));
        Path bad = tmp.resolve("typo.csv");
        Files.write(bad, typo);
        Cli.Result r = Cli.run("train", "--data", bad.toString(), "--label", "species", "--epochs", "1", "--model",
            tmp.resolve("typo-model").toString());
        assertNotEquals(0, r.exitCode());
        assertTrue(r.err().contains("line 8") && r.err().contains("'4O.1' is not a number"), r.err());
        assertTrue(!Files.exists(tmp.resolve("typo-model")), "no model is written");
    }

    @Test
    void theStrictSettingRefusesTheFirstGapWithItsLineAndColumn() {
        Cli.Result r = Cli.run("train", "--data", TRAIN, "--label", "species", "--missing-values", "fail",
            "--epochs", "1", "--model", tmp.resolve("strict").toString());
        assertNotEquals(0, r.exitCode());
        assertTrue(r.err().matches("(?s).*line \\d+, column '[a-z_]+' is empty.*"), r.err());
    }

    @Test
    void theEncodingIsPartOfTheSavedDefinition() throws Exception {
        assertEquals(0, train.exitCode(), train.err());
        Map<String, Object> meta = new ObjectMapper().readValue(model.resolve("metadata.json").toFile(), Map.class);
        Map<?, ?> table = (Map<?, ?>) meta.get("table");
        List<?> columns = (List<?>) table.get("columns");
        assertEquals("island", ((Map<?, ?>) columns.get(0)).get("name"));
        String edited = Files.readString(model.resolve("metadata.json")).replace("\"Torgersen\"", "\"Torgerson\"");
        Path copy = tmp.resolve("edited");
        Files.createDirectories(copy);
        for (Path f : Files.list(model).collect(Collectors.toList())) {
            Files.copy(f, copy.resolve(f.getFileName()));
        }
        Files.writeString(copy.resolve("metadata.json"), edited);
        Cli.Result eval = Cli.run("evaluate", "--model", copy.toString(), "--data", TEST);
        assertNotEquals(0, eval.exitCode(), "an edited level changes what the model computes: " + eval.lastLine());
    }

    @Test
    void onnxRuntimeScoresTheRawColumnsStringsAndGapsToTheSameProbabilities() throws Exception {
        assertEquals(0, train.exitCode(), train.err());
        Path onnx = tmp.resolve("penguins.onnx");
        Cli.Result export = Cli.run("export", "--model", model.toString(), "--output", onnx.toString());
        assertEquals(0, export.exitCode(), export.err());
        MlpModel m = ModelIO.load(model);
        TableEncoding table = m.table();
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(Path.of(TEST)));
        List<String> header = List.of(lines.get(0).split(",", -1));
        // An island never seen in training, a row of empty cells, NA markers, and the test rows as published.
        lines.set(0, "Adelie,Atlantis,39.1,18.7,181.0,3750.0,male,2007");
        lines.add("Gentoo,,,,,,,");
        lines.add("Chinstrap,Dream,NA,17.9,NaN,3500,?,2009");
        int n = lines.size();
        int width = table.width();
        double[][] x = new double[n][width];
        TableEncoding.Encoder encoder = table.encoder();
        Map<String, ai.onnxruntime.OnnxTensor> inputs = new java.util.LinkedHashMap<>();
        ai.onnxruntime.OrtEnvironment env = ai.onnxruntime.OrtEnvironment.getEnvironment();
        for (int c = 0; c < table.columns().size(); c++) {
            TableEncoding.Column col = table.columns().get(c);
            int field = header.indexOf(col.name());
            String[][] strings = new String[n][1];
            float[][] numbers = new float[n][1];
            for (int r = 0; r < n; r++) {
                String cell = lines.get(r).split(",", -1)[field];
                encoder.text(c, cell, 0, cell.length(), x[r], true);
                strings[r][0] = cell;
                numbers[r][0] = col.categorical() || TableEncoding.isMissing(cell, 0, cell.length()) ? Float.NaN
                    : Float.parseFloat(cell);
            }
            inputs.put(col.name(), col.categorical() ? ai.onnxruntime.OnnxTensor.createTensor(env, strings)
                : ai.onnxruntime.OnnxTensor.createTensor(env, numbers));
        }
        org.sparkmlp.math.Matrix ours = org.sparkmlp.testutil.OnnxRun.predict(m, x);
        try (ai.onnxruntime.OrtSession session = org.sparkmlp.testutil.OnnxRun.session(Files.readAllBytes(onnx));
             ai.onnxruntime.OrtSession.Result out = session.run(inputs)) {
            float[][] probability = (float[][]) out.get("probability").get().getValue();
            String[] label = (String[]) out.get("label").get().getValue();
            double worst = 0;
            int right = 0;
            for (int r = 0; r < n; r++) {
                for (int k = 0; k < table.classes().size(); k++) {
                    worst = Math.max(worst, Math.abs(probability[r][k] - ours.get(r, k)));
                }
                assertEquals(table.classes().get(ours.argmax(r)), label[r], "the class named for row " + r);
                right += label[r].equals(lines.get(r).split(",", -1)[0]) ? 1 : 0;
            }
            assertTrue(worst <= 1e-5, "largest probability difference " + worst);
            assertTrue(right >= 0.9 * n, right + " of " + n + " rows named right");
            assertEquals("[\"Adelie\",\"Chinstrap\",\"Gentoo\"]", session.getMetadata().getCustomMetadata()
                .get("classes"));
        } finally {
            inputs.values().forEach(ai.onnxruntime.OnnxTensor::close);
        }
        TableEncoding.Column island = table.columns().get(0);
        assertEquals("island", island.name());
        double[] atlantis = java.util.Arrays.copyOf(x[0], island.width());
        double[] expected = new double[island.width()];
        if (island.other()) {
            expected[island.levels().size()] = 1;
        }
        assertEquals(java.util.Arrays.toString(expected), java.util.Arrays.toString(atlantis),
            "an island never seen sets (other) where the column has one, else none of its inputs");
    }

    @Test
    void whatWasInferredIsInTheMetadataAndTheReportWithTheClassNames() throws Exception {
        assertEquals(0, train.exitCode(), train.err());
        MlpModel m = ModelIO.load(model);
        List<?> inferred = (List<?>) m.training().get("inferred");
        assertTrue(inferred.stream().anyMatch(l -> String.valueOf(l).matches("column sex: categorical, 2 levels \\+ "
            + "\\(missing\\); [1-9]\\d* missing")), inferred.toString());
        assertTrue(inferred.stream().anyMatch(l -> String.valueOf(l).startsWith("label 'species' names 3 classes: "
            + "Adelie, Chinstrap, Gentoo")), inferred.toString());
        assertTrue(inferred.stream().anyMatch(l -> String.valueOf(l).startsWith("network linear:")), inferred.toString());
        assertTrue(inferred.stream().anyMatch(l -> String.valueOf(l).matches("batches of \\d+ rows \\(auto\\); 200 "
            + "epochs at most, stopping early .*")), inferred.toString());

        Path html = tmp.resolve("penguins.html");
        Cli.Result report = Cli.run("report", "--model", model.toString(), "--output", html.toString());
        assertEquals(0, report.exitCode(), report.err());
        String page = Files.readString(html);
        assertTrue(page.contains("<h2>What was inferred from the data</h2>"), page);
        assertTrue(page.contains("<li>column island: categorical, 3 levels</li>"), page);
        assertTrue(page.contains("<th>Chinstrap</th>"), "the confusion matrix names the classes");
        assertTrue(page.contains("recall.Gentoo</td>"), "the per-class metrics are named");
    }
    @Test
    void aWordInANumericColumnAtPredictTimeNamesTheFileRowAndColumnAndWritesNothing() throws Exception {
        assertEquals(0, train.exitCode(), train.err());
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(Path.of(TEST)));
        String[] cells = lines.get(3).split(",", -1);
        cells[2] = "thirty";
        lines.set(3, String.join(",", cells));
        Path bad = tmp.resolve("predict-typo.csv");
        Files.write(bad, lines);
        Path out = tmp.resolve("predict-typo-out");
        Cli.Result r = Cli.run("predict", "--model", model.toString(), "--data", bad.toString(), "--output",
            out.toString());
        assertEquals(1, r.exitCode(), r.err());
        // Scoring reads the file through Spark's CSV source, which knows a row's place in its partition, not its line.
        assertTrue(r.err().contains("predict-typo.csv: row 3 of partition 0") && r.err().contains("column "
            + "'bill_length_mm': 'thirty' is not a number"), r.err());
        assertTrue(!Files.exists(out.resolve("_SUCCESS")), "no output is committed");
    }

    @Test
    void aColumnOfTensOfThousandsOfDistinctStringsIsLeftOutNamedAndTheModelStaysSmall() throws Exception {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(3);
        List<String> rows = new java.util.ArrayList<>(List.of("x,color,ticket,answer"));
        for (int i = 0; i < 20_000; i++) {
            double x = rng.nextGaussian();
            rows.add(x + "," + List.of("red", "green", "blue").get(rng.nextInt(3)) + ",T-" + i + "-"
                + Long.toHexString(rng.nextLong()) + "," + (x > 0 ? "yes" : "no"));
        }
        Path table = tmp.resolve("tickets.csv");
        Files.write(table, rows);
        Path m = tmp.resolve("tickets-model");
        Cli.Result r = Cli.run("train", "--data", table.toString(), "--label", "answer", "--epochs", "2", "--model",
            m.toString());
        assertEquals(0, r.exitCode(), r.err());
        MlpModel trained = ModelIO.load(m);
        assertTrue(trained.featureColumns().stream().noneMatch(c -> c.startsWith("ticket")),
            trained.featureColumns().toString());
        List<?> inferred = (List<?>) trained.training().get("inferred");
        assertTrue(inferred.stream().anyMatch(l -> String.valueOf(l).contains("column 'ticket' is left out")),
            inferred.toString());
        assertTrue(trained.params().length < 10_000, "a small model: " + trained.params().length + " parameters");
    }
}
