package org.sparkmlp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkmlp.model.ModelIO;
import org.sparkmlp.testutil.Cli;
import org.sparkmlp.testutil.SharedSpark;

/**
 * Every way in refuses bad data with the file, the row and the column, exits non-zero and writes
 * nothing; {@code --on-invalid-rows skip} drops such rows and reports them by reason.
 */
class BadInputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger JOBS = new AtomicInteger();

    @TempDir
    Path tmp;

    @BeforeAll
    static void spark() {
        SharedSpark.session().sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart e) {
                JOBS.incrementAndGet();
            }
        });
    }

    private Path csv(String name, String... lines) throws Exception {
        Path f = tmp.resolve(name);
        Files.write(f, List.of(lines));
        return f;
    }

    /** A small three-class table with columns a, b, label, then {@code extra} rows. */
    private Path table(String name, String... extra) throws Exception {
        List<String> lines = new ArrayList<>(List.of("a,b,label"));
        for (int i = 0; i < 30; i++) {
            lines.add((i % 5) + "." + i + "," + (i % 7) + "," + (i % 3));
        }
        lines.addAll(List.of(extra));
        return csv(name, lines.toArray(new String[0]));
    }

    /** Trains a 2-4-3 classifier on {@code data}; asserts exit 1 and no model; returns the error text. */
    private String trainFails(Path data, String... extra) {
        Path model = tmp.resolve("model-" + data.getFileName());
        List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--epochs", "1", "--model",
            model.toString()));
        if (!List.of(extra).contains("--layers")) {
            args.addAll(List.of("--layers", "2,4,3"));
        }
        args.addAll(List.of(extra));
        Cli.Result r = Cli.run(args.toArray(new String[0]));
        assertEquals(1, r.exitCode(), r.err() + r.out());
        assertFalse(Files.exists(model), "no model is written");
        return r.err();
    }

    private static void assertMentions(String message, String... words) {
        for (String w : words) {
            assertTrue(message.contains(w), "'" + w + "' in: " + message);
        }
    }

    @Test
    void missingLabelOrFeatureColumnsAreNamedWithTheColumnsThereAre() throws Exception {
        Path data = table("t.csv");
        assertMentions(trainFails(data, "--label", "y"), "label column 'y'", "t.csv", "[a, b, label]");
        assertMentions(trainFails(data, "--features", "a,c"), "feature column 'c'", "t.csv", "[a, b, label]");
        Path parquet = parquet("t.parquet", false, false);
        assertMentions(trainFails(parquet, "--label", "y"), "label column 'y'", "t.parquet", "[a, b, label]");
    }

    @Test
    void aNonNumericFeatureIsNamedByLineAndColumn() throws Exception {
        Path data = csv("words.csv", "a,name,label", "1,2,0", "2,3,1", "3,x7,2");
        assertMentions(trainFails(data, "--features", "a,name"), "words.csv: line 4", "column 'name'", "'x7' is not a number",
            "expected a finite number");
        Path parquet = parquet("words.parquet", true, false);
        Path model = tmp.resolve("words-model");
        Cli.Result words = Cli.run("train", "--data", parquet.toString(), "--features", "a,name", "--layers", "2,4,3",
            "--epochs", "1", "--model", model.toString());
        assertEquals(0, words.exitCode(), "a Parquet string column is a categorical feature: " + words.err());
        assertTrue(ModelIO.load(model).table().columns().get(1).categorical());
    }

    @Test
    void missingNaNAndInfiniteValuesAreNamedByRowAndColumn() throws Exception {
        assertMentions(trainFails(table("empty.csv", "1,,0"), "--missing-values", "fail"), "empty.csv: line 32",
            "column 'b' is empty");
        assertMentions(trainFails(table("nan.csv", "1,NaN,0"), "--missing-values", "fail"), "nan.csv: line 32",
            "column 'b': NaN",
            "expected a finite number");
        assertMentions(trainFails(table("inf.csv", "-Infinity,1,0")), "line 32", "column 'a': -Infinity");
        assertMentions(trainFails(table("big.csv", "1e39,1,0")), "line 32", "column 'a'", "beyond single precision");
        Path nulls = parquet("nulls.parquet", false, true);
        assertMentions(trainFails(nulls, "--missing-values", "fail"), "nulls.parquet: row 4 of partition 0",
            "column 'b' is null");
    }

    @Test
    void malformedLinesAreNamedByLine() throws Exception {
        assertMentions(trainFails(table("short.csv", "1,2")), "short.csv: line 32", "wrong number of fields: 2; expected 3");
        assertMentions(trainFails(table("long.csv", "1,2,0,4")), "line 32", "wrong number of fields: 4; expected 3");
        assertMentions(trainFails(table("dots.csv", "1.2.3,2,0")), "line 32", "column 'a'", "'1.2.3' is not a number");
        assertMentions(trainFails(table("quote.csv", "\"1,2,0")), "line 32", "wrong number of fields");
    }

    @Test
    void labelsThatAreNotClassesAreNamedWithTheClassesThereAre() throws Exception {
        assertMentions(trainFails(table("neg.csv", "1,2,-1")), "neg.csv: line 32", "column 'label'", "label -1 is negative",
            "expected a class index 0..2");
        assertMentions(trainFails(table("frac.csv", "1,2,1.5")), "line 32", "label 1.5 is not an integer");
        assertMentions(trainFails(table("high.csv", "1,2,3")), "line 32", "label 3 is out of range",
            "the output layer has 3 classes");
        assertMentions(trainFails(csv("negw.csv", "a,b,label,w", "1,2,1,1", "2,3,0,-0.5"), "--weight-column", "w"),
            "negw.csv: line 3", "column 'w': weight -0.5 is negative");
        assertMentions(trainFails(csv("one.csv", "a,b,label", "1,2,1", "2,3,1", "4,4,1")), "one.csv",
            "holds only class 1", "at least two classes");
    }

    @Test
    void dataWithNoRowsIsRefused() throws Exception {
        assertMentions(trainFails(csv("header.csv", "a,b,label")), "header.csv", "no data rows");
        assertMentions(trainFails(csv("header2.csv", "a,b,label"), "--features", "a,b"), "header2.csv", "no data rows");
        Path empty = tmp.resolve("nothing.csv");
        Files.writeString(empty, "");
        assertMentions(trainFails(empty), "nothing.csv", "is empty");
        assertMentions(trainFails(csv("allbad.csv", "a,b,label", "x,1,0", "1,2,9"), "--features", "a,b",
            "--on-invalid-rows", "skip"),
            "allbad.csv has no valid rows", "2 invalid rows skipped");
    }

    @Test
    void skippingDropsInvalidRowsAndCountsThemByReason() throws Exception {
        Path data = table("mixed.csv", "1,oops,0", "1,2", "1,2,7", "1,,2", "2,NaN,1");
        Path model = tmp.resolve("skip-model");
        Cli.Result r = Cli.run("train", "--data", data.toString(), "--layers", "2,4,3", "--epochs", "2",
            "--on-invalid-rows", "skip", "--missing-values", "fail", "--model", model.toString());
        assertEquals(0, r.exitCode(), r.err());
        JsonNode out = JSON.readTree(r.lastLine());
        JsonNode skipped = out.get("invalidRowsSkipped");
        for (String problem : List.of("not_a_number", "field_count", "bad_label", "missing", "not_finite")) {
            assertEquals(1, skipped.get(problem).get("count").asInt(), r.lastLine());
        }
        assertMentions(skipped.get("field_count").get("first").asText(), "mixed.csv: line 33", "wrong number of fields: 2");
        assertMentions(skipped.get("bad_label").get("first").asText(), "line 34", "label 7 is out of range");
        assertMentions(r.err(), "skipped 1 rows with problem not_a_number, the first: ",
            "mixed.csv: line 32, column 'b': 'oops'");
        assertEquals(30, ((Number) ModelIO.load(model).training().get("rows")).intValue());
    }

    @Test
    void aLineDeepInALargeFileReadInParallelIsNamedByItsLineNumber() throws Exception {
        List<String> lines = new ArrayList<>(List.of("a,b,label"));
        for (int i = 2; i <= 3000; i++) {
            lines.add(i == 2400 ? "1,bad,0" : (i % 11) + ".25," + (i % 13) + "," + (i % 3));
        }
        Path data = csv("large.csv", lines.toArray(new String[0]));
        var conf = SharedSpark.jsc().hadoopConfiguration();
        conf.set("mapreduce.input.fileinputformat.split.maxsize", "4096");
        try {
            assertMentions(trainFails(data), "large.csv: line 2400", "column 'b': 'bad'");
        } finally {
            conf.unset("mapreduce.input.fileinputformat.split.maxsize");
        }
    }

    @Test
    void predictAndEvaluateRefuseDataWhoseFeaturesDoNotMatchTheModel() throws Exception {
        Path model = tmp.resolve("ab-model");
        Cli.Result train = Cli.run("train", "--data", table("ab.csv").toString(), "--layers", "2,4,3", "--epochs", "1",
            "--model", model.toString());
        assertEquals(0, train.exitCode(), train.err());
        Path other = csv("ac.csv", "a,c,label", "1,2,0", "2,3,1");
        Path out = tmp.resolve("predictions");
        Cli.Result predict = Cli.run("predict", "--model", model.toString(), "--data", other.toString(), "--output",
            out.toString());
        assertEquals(1, predict.exitCode());
        assertMentions(predict.err(), "no column 'b'", "feature 2 of 2", "[a, c, label]");
        assertFalse(Files.exists(out), "no output is written");
        Cli.Result evaluate = Cli.run("evaluate", "--model", model.toString(), "--data", other.toString());
        assertEquals(1, evaluate.exitCode());
        assertMentions(evaluate.err(), "no column 'b'");
        Path words = csv("abwords.csv", "a,b,label", "1,x,0", "2,y,1");
        Cli.Result typed = Cli.run("evaluate", "--model", model.toString(), "--data", words.toString());
        assertEquals(1, typed.exitCode());
        assertMentions(typed.err(), "abwords.csv: row 1", "column 'b' is null or not a number", "expected a number");
    }

    @Test
    void aBadRowAtPredictOrEvaluateTimeIsNamedAndEarlierOutputIsKept() throws Exception {
        Path model = tmp.resolve("score-model");
        Path data = table("score.csv");
        assertEquals(0, Cli.run("train", "--data", data.toString(), "--layers", "2,4,3", "--epochs", "1", "--model",
            model.toString()).exitCode());
        Path out = tmp.resolve("scored.parquet");
        assertEquals(0, Cli.run("predict", "--model", model.toString(), "--data", data.toString(), "--output",
            out.toString()).exitCode());
        List<Path> before;
        try (var files = Files.walk(out)) {
            before = files.sorted().toList();
        }
        Path broken = table("score-nan.csv", "1,Infinity,0");
        Cli.Result predict = Cli.run("predict", "--model", model.toString(), "--data", broken.toString(), "--output",
            out.toString(), "--overwrite");
        assertEquals(1, predict.exitCode());
        assertMentions(predict.err(), "score-nan.csv: row 31 of partition 0", "column 'b': Infinity",
            "expected a finite number");
        try (var files = Files.walk(out)) {
            assertEquals(before, files.sorted().toList(), "the earlier predictions are still there");
        }
        try (var files = Files.list(tmp)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith(".scored.parquet.")),
                "no temporary output is left behind");
        }
        Cli.Result evaluate = Cli.run("evaluate", "--model", model.toString(), "--data",
            table("score-label.csv", "1,2,5").toString());
        assertEquals(1, evaluate.exitCode());
        assertMentions(evaluate.err(), "row 31", "label 5 is out of range", "0..2");
    }

    @Test
    void configurationMistakesAreRefusedBeforeSparkRunsAnything() throws Exception {
        Path data = table("cfg.csv");
        int jobsBefore = JOBS.get();
        assertMentions(trainFails(data, "--batch-size", "0"), "batch size must be a positive integer, 'full' or 'auto'", "'0'");
        assertMentions(trainFails(data, "--batch-size", "12.5"), "'12.5'");
        assertMentions(trainFails(data, "--loss", "hinge"), "unknown loss 'hinge'", "cross-entropy");
        assertMentions(trainFails(data, "--optimizer", "adagrad"), "unknown optimizer 'adagrad'", "adam");
        assertMentions(trainFails(data, "--layers", "3,4,3"), "layers start with 3 inputs", "2 feature columns [a, b]",
            "cfg.csv");
        assertMentions(trainFails(data, "--on-invalid-rows", "ignore"), "'ignore'", "skip");
        assertMentions(trainFails(data, "--clip-norm", "-1"), "clip norm");
        assertEquals(jobsBefore, JOBS.get(), "no Spark job ran");

        Path job = tmp.resolve("twonetworks.properties");
        Files.write(job, List.of("data = " + data, "epochs = 1", "layers = 2,4,3", "hidden = 8"));
        Cli.Result r = Cli.run("train", "--job", job.toString(), "--model", tmp.resolve("m").toString());
        assertEquals(2, r.exitCode());
        assertMentions(r.err(), "give the network one way", "keys 'layers', 'hidden', 'network' in a job file",
            "not --layers and --hidden");
        assertFalse(Files.exists(tmp.resolve("m")));
    }

    @Test
    void divergenceStopsTrainingAndLeavesTheExistingModelAsItWas() throws Exception {
        Path data = table("div.csv");
        Path model = tmp.resolve("good");
        assertEquals(0, Cli.run("train", "--data", data.toString(), "--layers", "2,4,3", "--epochs", "1", "--model",
            model.toString()).exitCode());
        byte[] meta = Files.readAllBytes(model.resolve(ModelIO.METADATA));
        byte[] weights = Files.readAllBytes(ModelIO.weightsFile(model));
        Cli.Result r = Cli.run("train", "--data", data.toString(), "--layers", "2,4,3", "--epochs", "5",
            "--optimizer", "sgd", "--momentum", "0", "--lr", "1e308", "--model", model.toString(), "--overwrite");
        assertEquals(1, r.exitCode(), r.out());
        assertMentions(r.err(), "training diverged at iteration", "smaller learning rate (now 1.0E308)",
            "--clip-norm");
        assertTrue(java.util.Arrays.equals(meta, Files.readAllBytes(model.resolve(ModelIO.METADATA))));
        assertTrue(java.util.Arrays.equals(weights, Files.readAllBytes(ModelIO.weightsFile(model))));
    }

    /** A Parquet table of columns a, name or b, label; optionally with a null in row 4. */
    private Path parquet(String name, boolean words, boolean withNull) {
        StructType schema = new StructType().add("a", DataTypes.DoubleType)
            .add(words ? "name" : "b", words ? DataTypes.StringType : DataTypes.DoubleType).add("label", DataTypes.DoubleType);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Object second = words ? "w" + i : (withNull && i == 3 ? null : (Object) (double) (i % 4));
            rows.add(RowFactory.create((double) i, second, (double) (i % 3)));
        }
        Path p = tmp.resolve(name);
        SharedSpark.session().createDataFrame(rows, schema).coalesce(1).write().parquet(p.toString());
        return p;
    }
}
