package org.sparkmlp.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sparkmlp.data.BlockBuilder;
import org.sparkmlp.data.DataBlock;
import org.sparkmlp.math.Precision;
import org.sparkmlp.model.Metrics;
import org.sparkmlp.model.MlpModel;
import org.sparkmlp.model.Predictor;
import org.sparkmlp.nn.Task;
import org.sparkmlp.testutil.CsvTable;
import org.sparkmlp.testutil.Datasets;
import org.sparkmlp.testutil.SharedSpark;
import org.sparkmlp.train.LocalTrainer;
import org.sparkmlp.train.TrainConfig;

/**
 * The losses beyond cross-entropy and MSE, each on real rows (iris): a Huber regression and a multi-label
 * model over three 0/1 labels train on Spark to the single-JVM trainer's weights, bit for bit, in both
 * precisions, and learn what there is to learn.
 */
class LossTasksTest {
    private static final List<String> FEATURES = List.of("sepal_length", "sepal_width", "petal_length");
    private static final List<String> TAGS = List.of("setosa", "virginica", "wide_petal");
    private static CsvTable iris;

    @BeforeAll
    static void read() throws Exception {
        iris = Datasets.irisMultiLabel();
    }

    private static List<DataBlock> blocks(CsvTable table, List<String> labels) {
        return BlockBuilder.pack(table.columns(FEATURES), table.columns(labels), null, 16);
    }

    /** The metrics of {@code model} on {@code blocks}, as evaluation computes them. */
    private static Map<String, Double> metrics(MlpModel model, List<DataBlock> blocks) {
        Metrics m = model.newMetrics();
        Predictor p = model.newPredictor(64);
        blocks.forEach(b -> p.evaluate(b, m));
        return m.toMap();
    }

    private static MlpModel sparkEqualsLocal(TrainConfig cfg, List<DataBlock> blocks, int partitions) {
        JavaRDD<DataBlock> rdd = SharedSpark.jsc().parallelize(blocks, partitions).cache();
        try {
            MlpModel spark = new SparkTrainer(cfg).fit(rdd, FEATURES);
            MlpModel local = LocalTrainer.fit(cfg, FEATURES, SparkData.collectPartitions(rdd),
                SharedSpark.jsc().defaultParallelism());
            assertArrayEquals(local.params(), spark.params(), cfg.loss() + " " + cfg.precision() + " weights on "
                + partitions + " partitions");
            return spark;
        } finally {
            rdd.unpersist();
        }
    }

    @ParameterizedTest(name = "{0} partitions")
    @ValueSource(ints = {2, 5})
    void huberRegressionOnSparkIsTheLocalTrainersAndFitsPetalWidth(int partitions) {
        List<DataBlock> blocks = blocks(iris, List.of("petal_width"));
        for (Precision precision : Precision.values()) {
            TrainConfig cfg = TrainConfig.builder().label("petal_width").layers(3, 16, 1).activation("tanh")
                .loss("huber").optimizer("adam").lr(0.01).epochs(40).batchSize(16).precision(precision).seed(3)
                .build();
            MlpModel model = sparkEqualsLocal(cfg, blocks, partitions);
            assertEquals(Task.REGRESSION, model.task());
            Map<String, Double> m = metrics(model, blocks);
            assertTrue(m.get("r2") > 0.9, "petal width from the other measures: " + m);
        }
    }

    @ParameterizedTest(name = "{0} partitions")
    @ValueSource(ints = {2, 5})
    void multiLabelModelOnSparkIsTheLocalTrainersAndTagsTheFlowers(int partitions) {
        List<DataBlock> blocks = blocks(iris, TAGS);
        for (Precision precision : Precision.values()) {
            TrainConfig cfg = TrainConfig.builder().labelColumns(TAGS).layers(3, 16, 3).activation("relu")
                .loss("binary-cross-entropy").optimizer("adam").lr(0.01).epochs(40).batchSize(16)
                .precision(precision).seed(4).build();
            MlpModel model = sparkEqualsLocal(cfg, blocks, partitions);
            assertEquals(Task.MULTI_LABEL, model.task());
            assertEquals("sigmoid", model.spec().layers().get(model.spec().layers().size() - 1).type());
            Map<String, Double> m = metrics(model, blocks);
            assertTrue(m.get("accuracy") > 0.93 && m.get("subsetAccuracy") > 0.85 && m.get("macroF1") > 0.9,
                "three tags of each flower: " + m);
            assertTrue(m.get("loss") < 0.25, "mean binary cross-entropy per label: " + m);
        }
    }

    /**
     * A loss that an {@link org.sparkmlp.nn.Extension} adds by name (the tests' {@code logcosh}) trains on
     * Spark's executors to the single-JVM weights, bit for bit, in both precisions.
     */
    @Test
    void aLossFromAnExtensionTrainsOnSparkToTheLocalWeights() {
        List<DataBlock> blocks = blocks(iris, List.of("petal_width"));
        for (Precision precision : Precision.values()) {
            TrainConfig cfg = TrainConfig.builder().label("petal_width").layers(3, 16, 1).activation("tanh")
                .loss("logcosh").optimizer("adam").lr(0.01).epochs(40).batchSize(16).precision(precision).seed(5)
                .build();
            MlpModel model = sparkEqualsLocal(cfg, blocks, 3);
            assertEquals("logcosh", model.spec().loss().configName());
            assertEquals(Task.REGRESSION, model.task());
            Map<String, Double> m = metrics(model, blocks);
            assertTrue(m.get("r2") > 0.9, "petal width under log-cosh: " + m);
        }
    }

    /** A few absurd labels drag an MSE fit toward them; Huber's fit of the other rows suffers less. */
    @Test
    void huberLetsAFewWildLabelsPullTheFitLessThanMse() {
        double[][] x = iris.columns(FEATURES);
        double[][] y = iris.columns(List.of("petal_width"));
        double[][] wild = new double[y.length][];
        for (int r = 0; r < y.length; r++) {
            wild[r] = new double[] {r % 15 == 0 ? 40 : y[r][0]};
        }
        List<DataBlock> noisy = BlockBuilder.pack(x, wild, null, 16);
        List<DataBlock> clean = BlockBuilder.pack(x, y, null, 16);
        double[] mae = new double[2];
        String[] losses = {"mse", "huber"};
        for (int i = 0; i < 2; i++) {
            TrainConfig cfg = TrainConfig.builder().label("petal_width").layers(3, 16, 1).activation("tanh")
                .loss(losses[i]).optimizer("adam").lr(0.01).epochs(40).batchSize(16).seed(3).build();
            mae[i] = metrics(LocalTrainer.fit(cfg, FEATURES, LocalTrainer.partition(noisy, 2)), clean).get("mae");
        }
        assertTrue(mae[1] < 0.7 * mae[0], String.format("MAE on the true labels: mse %.3f, huber %.3f", mae[0],
            mae[1]));
    }
}
