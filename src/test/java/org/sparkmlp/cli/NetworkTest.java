package org.sparkmlp.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkmlp.math.Matrix;
import org.sparkmlp.math.Precision;
import org.sparkmlp.model.MlpModel;
import org.sparkmlp.model.ModelIO;
import org.sparkmlp.nn.Layer;
import org.sparkmlp.nn.Layers;
import org.sparkmlp.spark.SparkData;
import org.sparkmlp.spark.SparkMlpModel;
import org.sparkmlp.spark.SparkTrainer;
import org.sparkmlp.data.BlockBuilder;
import org.sparkmlp.data.DataBlock;
import org.sparkmlp.onnx.OnnxExport;
import org.sparkmlp.testutil.Cli;
import org.sparkmlp.testutil.CsvTable;
import org.sparkmlp.testutil.Datasets;
import org.sparkmlp.testutil.OnnxRun;
import org.sparkmlp.train.LocalTrainer;
import org.sparkmlp.testutil.SharedSpark;
import org.sparkmlp.testutil.TestExtension;
import org.sparkmlp.train.TrainConfig;

/**
 * A network written as a list of layers, end to end: on the command line, in the model file, on Spark's
 * executors (through the same layer classes, in float32), and for several regression outputs.
 */
class NetworkTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @BeforeAll
    static void spark() {
        SharedSpark.session();
    }

    @Test
    void sparkTasksRunTheNetworksOwnLayerClassesInSinglePrecision() throws Exception {
        Dataset<Row> iris = SparkData.read(SharedSpark.session(), "data/iris/iris.csv", null);
        TrainConfig cfg = TrainConfig.builder().network("linear:8,counting,tanh,linear:3").epochs(3).batchSize(50)
            .build();
        long forwards = TestExtension.Counting.TASK_FORWARDS.get();
        long backwards = TestExtension.Counting.TASK_BACKWARDS.get();
        long floats = TestExtension.Counting.FLOAT_FORWARDS.get();
        SparkMlpModel model = new SparkTrainer(cfg).fit(iris.repartition(2));
        assertTrue(TestExtension.Counting.TASK_BACKWARDS.get() - backwards >= 9, "3 epochs of 3 batches ran backward in tasks");
        assertTrue(TestExtension.Counting.FLOAT_FORWARDS.get() - floats >= 9, "the gradient passes ran in float32");
        assertTrue(TestExtension.Counting.TASK_FORWARDS.get() - forwards > TestExtension.Counting.FLOAT_FORWARDS.get() - floats,
            "the final metrics ran the same layer in double");
        assertEquals("linear:8,counting,tanh,linear:3,softmax", model.model().spec().network());
    }

    @Test
    void aNetworkOfTheNewLayersTrainsSavesAndPredictsFromTheCommandLine() throws Exception {
        Path model = tmp.resolve("model");
        Cli.Result train = Cli.run("train", "--data", "data/iris/iris.csv", "--network",
            "linear:16,gelu,layernorm,dropout:0.1,linear:8,leakyrelu:0.05,linear:3", "--epochs", "60", "--lr", "0.02",
            "--batch-size", "50", "--model", model.toString());
        assertEquals(0, train.exitCode(), train.err());
        JsonNode trained = JSON.readTree(train.lastLine());
        assertTrue(trained.get("train.accuracy").asDouble() >= 0.9, train.lastLine());
        JsonNode meta = JSON.readTree(model.resolve(ModelIO.METADATA).toFile());
        assertEquals(2, meta.get("formatVersion").asInt());
        assertEquals(4, meta.at("/architecture/inputDim").asInt());
        assertEquals("layernorm", meta.at("/architecture/network/2/type").asText());
        assertEquals(1e-5, meta.at("/architecture/network/2/eps").asDouble());
        assertEquals(0.1, meta.at("/architecture/network/3/rate").asDouble());
        assertEquals(0.05, meta.at("/architecture/network/5/slope").asDouble());
        assertEquals("softmax", meta.at("/architecture/network/7/type").asText());

        Cli.Result eval = Cli.run("evaluate", "--model", model.toString(), "--data", "data/iris/iris.csv");
        assertEquals(0, eval.exitCode(), eval.err());
        assertEquals(trained.get("train.accuracy").asDouble(), JSON.readTree(eval.lastLine()).get("accuracy").asDouble(),
            1e-12, "evaluate predicts without dropout, as the final metrics did");
    }

    /**
     * A residual block end to end: Spark's executors train it to the single-JVM weights bit for bit, in both
     * precisions; the model file holds the layers it holds, loads back to the same network and weights, and
     * its ONNX graph classifies as spark-mlp does in ONNX Runtime.
     */
    @Test
    void aResidualNetworkTrainsOnSparkToTheLocalWeightsAndSavesLoadsAndExports() throws Exception {
        CsvTable iris = CsvTable.read(Datasets.repo("iris/iris.csv"));
        List<String> features = iris.columnsExcept(List.of("label"));
        List<DataBlock> blocks = BlockBuilder.pack(iris.columns(features), iris.columns(List.of("label")), null, 16);
        String network = "linear:16,relu,residual(linear:32,relu,linear:16),residual(layernorm,linear:16,tanh),"
            + "linear:3";
        JavaRDD<DataBlock> rdd = SharedSpark.jsc().parallelize(blocks, 3).cache();
        MlpModel trained = null;
        try {
            for (Precision precision : Precision.values()) {
                TrainConfig cfg = TrainConfig.builder().network(network).optimizer("adam").lr(0.01).epochs(30)
                    .batchSize(16).precision(precision).seed(6).build();
                MlpModel spark = new SparkTrainer(cfg).fit(rdd, features);
                MlpModel local = LocalTrainer.fit(cfg, features, SparkData.collectPartitions(rdd),
                    SharedSpark.jsc().defaultParallelism());
                assertArrayEquals(local.params(), spark.params(), precision + " weights");
                assertTrue(spark.metrics().get("train.accuracy") >= 0.9, precision + ": " + spark.metrics());
                trained = spark;
            }
        } finally {
            rdd.unpersist();
        }

        Path dir = tmp.resolve("residual");
        ModelIO.save(trained, dir, false);
        JsonNode meta = JSON.readTree(dir.resolve(ModelIO.METADATA).toFile());
        assertEquals("residual", meta.at("/architecture/network/2/type").asText());
        assertEquals(32, meta.at("/architecture/network/2/layers/0/units").asInt());
        assertEquals("relu", meta.at("/architecture/network/2/layers/1/type").asText());
        MlpModel loaded = ModelIO.load(dir);
        assertEquals(trained.spec(), loaded.spec());
        assertArrayEquals(trained.params(), loaded.params());

        double accuracy = OnnxRun.assertSameClassifications(loaded, OnnxExport.toBytes(loaded), iris);
        assertTrue(accuracy >= 0.9, "ONNX Runtime's accuracy " + accuracy);
    }

    @Test
    void badNetworksAreRefusedBeforeSparkStartsNamingTheLayer() {
        Cli.Result unknown = Cli.run("train", "--data", "data/iris/iris.csv", "--network", "linear:16,swish,linear:3",
            "--model", tmp.resolve("m").toString());
        assertEquals(1, unknown.exitCode(), unknown.err());
        assertTrue(unknown.err().contains("swish") && unknown.err().contains("gelu"), unknown.err());
        Cli.Result both = Cli.run("train", "--data", "data/iris/iris.csv", "--network", "linear:3", "--layers", "4,3",
            "--model", tmp.resolve("m").toString());
        assertEquals(2, both.exitCode(), both.err());
        assertTrue(both.err().contains("not --layers and --network"), both.err());
        Cli.Result activation = Cli.run("train", "--data", "data/iris/iris.csv", "--network", "linear:8,relu,linear:3",
            "--activation", "tanh", "--model", tmp.resolve("m").toString());
        assertEquals(1, activation.exitCode(), activation.err());
        assertTrue(activation.err().contains("activation"), activation.err());
        assertFalse(Files.exists(tmp.resolve("m")));
    }

    @Test
    void severalLabelsTrainOneOutputEach() throws Exception {
        Path model = tmp.resolve("two");
        Cli.Result train = Cli.run("train", "--data", "data/iris/iris.csv", "--label", "petal_length,petal_width",
            "--features", "sepal_length,sepal_width,label", "--layers", "3,16,2", "--loss", "mse", "--lr", "0.01",
            "--epochs", "200", "--partitions", "3", "--model", model.toString());
        assertEquals(0, train.exitCode(), train.err());
        JsonNode trained = JSON.readTree(train.lastLine());
        assertTrue(trained.get("train.r2").asDouble() > 0.8, train.lastLine());
        assertTrue(trained.has("train.rmse.0") && trained.has("train.rmse.1"), train.lastLine());
        assertTrue(trained.get("train.rmse.0").asDouble() > trained.get("train.rmse.1").asDouble(),
            "petal length spreads wider than petal width: " + train.lastLine());

        MlpModel loaded = ModelIO.load(model);
        assertEquals(List.of("petal_length", "petal_width"), loaded.labelColumns());
        Dataset<Row> iris = SparkData.read(SharedSpark.session(), "data/iris/iris.csv", null);
        Dataset<Row> scored = new SparkMlpModel(loaded).transform(iris);
        List<Row> rows = scored.select("petal_length", "petal_width", "prediction").collectAsList();
        double sse0 = 0;
        for (Row r : rows) {
            List<Double> p = r.getList(2);
            assertEquals(2, p.size());
            sse0 += Math.pow(p.get(0) - r.getDouble(0), 2);
        }
        // The cached training labels are float32, the ones read here double: equal to float rounding.
        assertEquals(trained.get("train.rmse.0").asDouble(), Math.sqrt(sse0 / rows.size()), 1e-6,
            "the first output is the first label's prediction, in its units");
        JsonNode eval = JSON.readTree(Cli.run("evaluate", "--model", model.toString(), "--data",
            "data/iris/iris.csv").lastLine());
        assertEquals(trained.get("train.rmse.1").asDouble(), eval.get("rmse.1").asDouble(), 1e-6);
    }

    @Test
    void anOutputWidthThatDoesNotMatchTheLabelsIsRefusedBeforeSparkStarts() {
        Cli.Result r = Cli.run("train", "--data", "data/iris/iris.csv", "--label", "petal_length,petal_width",
            "--features", "sepal_length,sepal_width,label", "--layers", "3,16,1", "--loss", "mse",
            "--model", tmp.resolve("m").toString());
        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.err().contains("1 output") && r.err().contains("2 --label columns"), r.err());
        Cli.Result one = Cli.run("train", "--data", "data/iris/iris.csv", "--label", "petal_width",
            "--layers", "4,8,2", "--loss", "mse", "--model", tmp.resolve("m").toString());
        assertEquals(1, one.exitCode(), one.err());
        assertTrue(one.err().contains("2 outputs") && one.err().contains("1 --label column"), one.err());
    }
}
