package org.sparkmlp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkmlp.model.ModelIO;
import org.sparkmlp.testutil.Cli;
import org.sparkmlp.testutil.SharedSpark;

/** The command line end to end, on the iris data shipped in the repository. */
class CliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @BeforeAll
    static void spark() {
        SharedSpark.session();
    }

    private Path irisJob(String... extraLines) throws Exception {
        Path job = tmp.resolve("iris.properties");
        List<String> lines = new java.util.ArrayList<>(List.of(
            "# iris, full batch", "data = data/iris/iris.csv", "label = label", "layers = 4,16,3",
            "activation = tanh", "optimizer = adam", "lr = 0.05", "epochs = 150", "partitions = 3", "seed = 7",
            "batch-size = full"));
        lines.addAll(List.of(extraLines));
        Files.write(job, lines);
        return job;
    }

    @Test
    void asAYarnClusterModeDriverMainReturnsOnSuccessAndThrowsOnFailureInsteadOfExiting() {
        System.setProperty("spark.yarn.app.id", "application_1_0001");
        System.setProperty("spark.submit.deployMode", "cluster");
        java.io.PrintStream err = System.err;
        try {
            System.setErr(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
            Main.main(new String[] {"train", "--help"});
            IllegalStateException failed = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> Main.main(new String[] {"evaluate", "--model", tmp.resolve("absent").toString(), "--data",
                    "data/letter/test.csv.gz"}));
            assertTrue(failed.getMessage().contains("spark-mlp evaluate failed (exit code 1)"), failed.getMessage());
        } finally {
            System.setErr(err);
            System.clearProperty("spark.yarn.app.id");
            System.clearProperty("spark.submit.deployMode");
        }
    }

    @Test
    void trainEvaluateAndPredictFromAJobFile() throws Exception {
        Path model = tmp.resolve("model");
        Cli.Result train = Cli.run("train", "--job", irisJob().toString(), "--model", model.toString());
        assertEquals(0, train.exitCode(), train.err());
        assertTrue(Files.isRegularFile(model.resolve(ModelIO.METADATA)));
        assertTrue(Files.isRegularFile(ModelIO.weightsFile(model)));
        JsonNode trained = JSON.readTree(train.lastLine());
        assertTrue(trained.get("train.accuracy").asDouble() >= 0.95, train.lastLine());

        Cli.Result eval = Cli.run("evaluate", "--model", model.toString(), "--data", "data/iris/iris.csv");
        assertEquals(0, eval.exitCode(), eval.err());
        JsonNode metrics = JSON.readTree(eval.lastLine());
        assertEquals(150, metrics.get("count").asInt());
        assertEquals(trained.get("train.accuracy").asDouble(), metrics.get("accuracy").asDouble(), 1e-12,
            "evaluate on the training rows reproduces the training-set accuracy");
        assertTrue(metrics.get("loss").asDouble() > 0);

        Path parquet = tmp.resolve("pred.parquet");
        Cli.Result predict = Cli.run("predict", "--model", model.toString(), "--data", "data/iris/iris.csv",
            "--output", parquet.toString());
        assertEquals(0, predict.exitCode(), predict.err());
        Dataset<Row> scored = SharedSpark.session().read().parquet(parquet.toString());
        assertEquals(150, scored.count());
        assertTrue(List.of(scored.columns()).containsAll(List.of("sepal_length", "label", "prediction", "probability")));
        long correct = scored.filter("prediction = label").count();
        assertEquals(metrics.get("accuracy").asDouble(), correct / 150.0, 1e-12);
        for (Row r : scored.select("probability").collectAsList()) {
            List<Double> p = r.getList(0);
            assertEquals(3, p.size());
            assertEquals(1.0, p.stream().mapToDouble(Double::doubleValue).sum(), 1e-12);
        }

        Path csv = tmp.resolve("pred.csv");
        Cli.Result predictCsv = Cli.run("predict", "--model", model.toString(), "--data", "data/iris/iris.csv",
            "--output", csv.toString());
        assertEquals(0, predictCsv.exitCode(), predictCsv.err());
        Dataset<Row> fromCsv = SharedSpark.session().read().option("header", "true").csv(csv.toString());
        assertEquals(150, fromCsv.count());
        assertTrue(fromCsv.first().getAs("probability").toString().startsWith("["));

        Cli.Result again = Cli.run("predict", "--model", model.toString(), "--data", "data/iris/iris.csv",
            "--output", csv.toString());
        assertEquals(1, again.exitCode(), "existing output is not overwritten without --overwrite");
        assertTrue(again.err().contains("already exists") && again.err().contains("--overwrite"), again.err());
    }

    @Test
    void commandLineOptionsOverrideTheJobFile() throws Exception {
        Path model = tmp.resolve("m");
        Cli.Result r = Cli.run("train", "--job", irisJob().toString(), "--epochs", "2", "--model", model.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(2.0, ModelIO.load(model).metrics().get("iterations"));
    }

    @Test
    void anUnknownJobKeyIsRefusedWithASuggestion() throws Exception {
        Path model = tmp.resolve("m");
        Cli.Result r = Cli.run("train", "--job", irisJob("layerz = 4,8,3").toString(), "--model", model.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("unknown key 'layerz'") && r.err().contains("did you mean 'layers'"), r.err());
        assertFalse(Files.exists(model));
    }

    @Test
    void badConfigurationIsRefusedBeforeAnythingIsWritten() throws Exception {
        Path model = tmp.resolve("m");
        Cli.Result r = Cli.run("train", "--job", irisJob().toString(), "--layers", "4,0,3", "--model", model.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("positive integer") && r.err().contains("[4, 0, 3]"), r.err());
        Cli.Result lr = Cli.run("train", "--job", irisJob().toString(), "--lr", "-1", "--model", model.toString());
        assertEquals(1, lr.exitCode());
        assertTrue(lr.err().contains("learning rate"), lr.err());
        Cli.Result act = Cli.run("train", "--job", irisJob().toString(), "--activation", "swish", "--model", model.toString());
        assertTrue(act.err().contains("unknown activation 'swish'") && act.err().contains("relu"), act.err());
        Cli.Result width = Cli.run("train", "--job", irisJob().toString(), "--layers", "5,8,3", "--model", model.toString());
        assertEquals(1, width.exitCode());
        assertTrue(width.err().contains("4 feature columns"), width.err());
        assertFalse(Files.exists(model));
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : List.of("train", "predict", "evaluate", "report", "export")) {
            Cli.Result r = Cli.run(command, "--help");
            assertEquals(0, r.exitCode(), command);
            assertTrue(r.out().contains("--model") && (List.of("report", "export").contains(command) || r.out().contains("--data")), r.out());
        }
        Cli.Result top = Cli.run("--help");
        assertEquals(0, top.exitCode());
        assertTrue(top.out().contains("train") && top.out().contains("evaluate"), top.out());
    }
}
