package org.sparkmlp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkmlp.model.MlpModel;
import org.sparkmlp.model.ModelIO;
import org.sparkmlp.testutil.Cli;
import org.sparkmlp.testutil.SharedSpark;

/** Validation, early stopping and the training history, end to end on real data. */
class TrainingFeaturesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @BeforeAll
    static void spark() {
        SharedSpark.session();
    }

    private static List<JsonNode> history(Path model) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(model.resolve("history.jsonl"))) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    @Test
    void validationMetricsEqualASeparateEvaluateOfTheSameRows() throws Exception {
        Path model = tmp.resolve("letter");
        Cli.Result train = Cli.run("train", "--job", "jobs/letter.properties", "--epochs", "3",
            "--validation-data", "data/letter/test.csv.gz", "--model", model.toString());
        assertEquals(0, train.exitCode(), train.err());
        Cli.Result eval = Cli.run("evaluate", "--model", model.toString(), "--data", "data/letter/test.csv.gz");
        assertEquals(0, eval.exitCode(), eval.err());
        JsonNode evaluated = JSON.readTree(eval.lastLine());
        MlpModel m = ModelIO.load(model);
        assertEquals(4000, m.metrics().get("validation.count"));
        for (String k : List.of("accuracy", "loss", "macroF1", "precision.0", "recall.25", "f1.7")) {
            assertEquals(evaluated.get(k).asDouble(), m.metrics().get("validation." + k), 1e-12, k);
        }
        assertEquals(16000, m.metrics().get("train.count"), "the validation rows are not trained on");
        JsonNode confusion = evaluated.get("confusionMatrix");
        assertEquals(26, confusion.size());
        double total = 0;
        double diagonal = 0;
        for (int i = 0; i < 26; i++) {
            for (int j = 0; j < 26; j++) {
                total += confusion.get(i).get(j).asDouble();
                diagonal += i == j ? confusion.get(i).get(j).asDouble() : 0;
            }
        }
        assertEquals(4000, total);
        assertEquals(evaluated.get("accuracy").asDouble(), diagonal / total, 1e-12);

        List<JsonNode> history = history(model);
        assertEquals(96, history.size(), "3 epochs of 32 iterations");
        List<String> csv = Files.readAllLines(model.resolve("history.csv"));
        assertEquals(97, csv.size());
        assertTrue(csv.get(0).startsWith("iteration,epoch,learning_rate,train_loss,validation_accuracy,validation_count,"
            + "validation_loss,validation_macroF1,examples_per_second,seconds,broadcast_seconds,compute_seconds,"
            + "aggregation_seconds,step_seconds"), csv.get(0));
        for (JsonNode h : history) {
            boolean validates = (h.get("iteration").asInt() - 1) % 32 == 0;
            assertEquals(validates, h.has("validation"), h.toString());
            assertTrue(h.get("seconds").get("compute").asDouble() > 0, h.toString());
            assertEquals(0.005, h.get("learningRate").asDouble(), 0);
        }
        assertEquals(4000, history.get(32).get("validation").get("count").asInt());
    }

    @Test
    void earlyStoppingOnAnOverfittingRunRestoresTheBestValidationWeights() throws Exception {
        Path model = tmp.resolve("iris-wide");
        Cli.Result train = Cli.run("train", "--data", "data/iris/iris.csv", "--layers", "4,256,256,3", "--optimizer", "adam",
            "--lr", "0.01", "--epochs", "400", "--validation-fraction", "0.4", "--validate-every", "1",
            "--early-stopping-patience", "15", "--seed", "3", "--partitions", "2", "--model", model.toString());
        assertEquals(0, train.exitCode(), train.err());
        MlpModel m = ModelIO.load(model);
        double iterations = m.metrics().get("iterations");
        assertTrue(iterations < 400, "stopped early, after " + iterations);
        double best = history(model).stream().filter(h -> h.has("validation"))
            .mapToDouble(h -> h.get("validation").get("loss").asDouble()).min().orElseThrow();
        assertEquals(best, m.metrics().get("validation.loss"), 1e-12, "the restored weights score the best loss");
        assertTrue(m.metrics().get("validation.count") > 40 && m.metrics().get("train.count") > 70, m.metrics().toString());
    }

    @Test
    void aWeightColumnOfTwosTrainsLikeDuplicatedRows() throws Exception {
        List<String> iris = Files.readAllLines(Path.of("data/iris/iris.csv"));
        List<String> weighted = new ArrayList<>(List.of(iris.get(0) + ",w"));
        List<String> duplicated = new ArrayList<>(List.of(iris.get(0) + ",w"));
        List<String> ones = new ArrayList<>(List.of(iris.get(0) + ",w"));
        for (int i = 1; i < iris.size(); i++) {
            boolean twice = i % 7 == 0;
            weighted.add(iris.get(i) + (twice ? ",2" : ",1"));
            duplicated.add(iris.get(i) + ",1");
            ones.add(iris.get(i) + ",1");
        }
        for (int i = 1; i < iris.size(); i++) {
            if (i % 7 == 0) {
                duplicated.add(iris.get(i) + ",1");
            }
        }
        Files.write(tmp.resolve("weighted.csv"), weighted);
        Files.write(tmp.resolve("duplicated.csv"), duplicated);
        Files.write(tmp.resolve("ones.csv"), ones);
        for (String name : List.of("weighted", "duplicated", "ones")) {
            Cli.Result r = Cli.run("train", "--data", tmp.resolve(name + ".csv").toString(), "--weight-column", "w",
                "--layers", "4,8,3", "--epochs", "20", "--lr", "0.01", "--optimizer", "sgd", "--momentum", "0",
                "--precision", "double", "--standardize", "false", "--partitions", "1", "--batch-size", "full",
                "--model", tmp.resolve(name).toString());
            assertEquals(0, r.exitCode(), r.err());
        }
        Cli.Result plain = Cli.run("train", "--data", "data/iris/iris.csv", "--layers", "4,8,3", "--epochs", "20", "--lr",
            "0.01", "--optimizer", "sgd", "--momentum", "0", "--precision", "double", "--standardize", "false",
            "--partitions", "1", "--batch-size", "full", "--model", tmp.resolve("plain").toString());
        assertEquals(0, plain.exitCode(), plain.err());
        double[] a = ModelIO.load(tmp.resolve("weighted")).params();
        double[] b = ModelIO.load(tmp.resolve("duplicated")).params();
        for (int i = 0; i < a.length; i++) {
            assertEquals(b[i], a[i], 1e-9 * Math.max(1, Math.abs(b[i])), "parameter " + i);
        }
        assertTrue(java.util.Arrays.equals(ModelIO.load(tmp.resolve("plain")).params(),
            ModelIO.load(tmp.resolve("ones")).params()), "weights of 1 change nothing");
        MlpModel m = ModelIO.load(tmp.resolve("weighted"));
        assertEquals(150, m.metrics().get("train.count"));
        assertEquals(171, m.metrics().get("train.weight"), "150 rows, 21 of them at weight 2");
    }
}
