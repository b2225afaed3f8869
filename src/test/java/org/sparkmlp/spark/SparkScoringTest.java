package org.sparkmlp.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkmlp.data.ValidationSplit;
import org.sparkmlp.data.DataBlock;
import org.sparkmlp.model.MlpModel;
import org.sparkmlp.model.ModelIO;
import org.sparkmlp.nn.loss.LossKind;
import org.sparkmlp.testutil.Datasets;
import org.sparkmlp.testutil.SharedSpark;
import org.sparkmlp.train.LocalTrainer;
import org.sparkmlp.train.CacheLevel;
import org.sparkmlp.train.TrainConfig;

class SparkScoringTest {
    /** Finite values required, labels not checked against a class count. */
    private static final org.sparkmlp.data.RowRules ANY_LABEL =
        org.sparkmlp.data.RowRules.anyLabel(org.sparkmlp.data.OnInvalidRows.FAIL);

    @TempDir
    Path tmp;

    private static Dataset<Row> iris() {
        return SparkData.read(SharedSpark.session(), Datasets.repo("iris/iris.csv").toString(), null).repartition(3);
    }

    private static TrainConfig irisConfig() {
        return TrainConfig.builder().labelColumn("label").layers(4, 10, 3).activation("sigmoid")
            .learningRate(0.05).epochs(40).batchSize(32).seed(3).build();
    }

    private static double[] probabilities(Dataset<Row> scored) {
        List<Row> rows = scored.select("probability").collectAsList();
        double[] out = new double[rows.size() * 3];
        for (int r = 0; r < rows.size(); r++) {
            List<Double> p = rows.get(r).getList(0);
            for (int j = 0; j < 3; j++) {
                out[r * 3 + j] = p.get(j);
            }
        }
        return out;
    }

    @Test
    void saveLoadPredictGivesBitIdenticalPredictions() throws Exception {
        Dataset<Row> df = iris().cache();
        MlpModel model = new SparkTrainer(irisConfig()).fit(df).model();
        double[] before = probabilities(SparkScoring.transform(model, df, "iris"));
        ModelIO.save(model, tmp.resolve("iris-model"), false);
        MlpModel loaded = ModelIO.load(tmp.resolve("iris-model"));
        double[] after = probabilities(SparkScoring.transform(loaded, df, "iris"));
        assertEquals(450, before.length);
        assertArrayEquals(before, after, "predictions after save and load");
        df.unpersist();
    }

    @Test
    void trainingFromADataFrameEqualsTheLocalTrainerOnTheSameBlocks() {
        Dataset<Row> df = iris();
        TrainConfig cfg = irisConfig().toBuilder().blockSize(16).epochs(3).build();
        DatasetBlocks.Result read = DatasetBlocks.read(df, List.of("label"), List.of(), null, cfg.blockSize(), 3,
            cfg.cache(), "the input", ANY_LABEL, ValidationSplit.NONE);
        List<String> features = read.features();
        assertEquals(List.of("sepal_length", "sepal_width", "petal_length", "petal_width"), features);
        JavaRDD<DataBlock> blocks = read.blocks();
        List<List<DataBlock>> local = SparkData.collectPartitions(blocks);
        assertEquals(3, local.size());
        assertEquals(150, local.stream().flatMap(List::stream).mapToInt(DataBlock::rows).sum());
        MlpModel spark = new SparkTrainer(cfg).fit(blocks, features);
        MlpModel reference = LocalTrainer.fit(cfg, features, local, SharedSpark.jsc().defaultParallelism());
        for (int i = 0; i < spark.params().length; i++) {
            assertEquals(reference.params()[i], spark.params()[i], 1e-10 * Math.max(1, Math.abs(reference.params()[i])),
                "parameter " + i);
        }
        assertEquals(reference.metrics().get("train.accuracy"), spark.metrics().get("train.accuracy"));
        blocks.unpersist();
    }

    @Test
    void parquetInputTrainsLikeCsv() {
        Dataset<Row> df = iris();
        String parquet = tmp.resolve("iris.parquet").toString();
        df.write().parquet(parquet);
        Dataset<Row> back = SparkData.read(SharedSpark.session(), parquet, null);
        TrainConfig cfg = irisConfig().toBuilder().batchSize(0).epochs(100).learningRate(0.05).build();
        MlpModel model = new SparkTrainer(cfg).fit(back).model();
        assertTrue(model.metrics().get("train.accuracy") >= 0.95, model.metrics().toString());
    }

    @Test
    void regressionPredictionsComeBackInTheLabelsUnits() {
        // Predict petal width from the other three measurements: a regression in centimetres.
        Dataset<Row> df = iris().drop("label");
        TrainConfig cfg = TrainConfig.builder().labelColumn("petal_width").layers(3, 16, 1).activation("tanh")
            .loss(LossKind.MSE).learningRate(0.02).epochs(200).seed(5).build();
        MlpModel model = new SparkTrainer(cfg).fit(df).model();
        var metrics = SparkScoring.evaluate(model, df, "iris").toMap();
        assertTrue(metrics.get("r2") > 0.9, metrics.toString());
        assertTrue(metrics.get("rmse") < 0.25, "rmse in cm " + metrics);
        double meanPrediction = SparkScoring.transform(model, df, "iris").agg(
            org.apache.spark.sql.functions.avg("prediction")).first().getDouble(0);
        assertEquals(1.199, meanPrediction, 0.1, "predictions are in cm, around the mean petal width");
    }

    @Test
    void missingColumnsAreNamed() {
        Dataset<Row> df = iris();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> DatasetBlocks.read(df, List.of("species"), List.of(), null, 16, null, CacheLevel.MEMORY, "iris.csv",
                ANY_LABEL, ValidationSplit.NONE));
        assertTrue(e.getMessage().contains("'species'") && e.getMessage().contains("iris.csv"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
            () -> DatasetBlocks.read(df, List.of("label"), List.of("sepal_length", "petal"), null, 16, null,
                CacheLevel.MEMORY, "iris.csv", ANY_LABEL, ValidationSplit.NONE));
        assertTrue(e.getMessage().contains("'petal'"), e.getMessage());
    }

    @Test
    void aValidationDataFrameIsEvaluatedLikeASeparateEvaluate() {
        Dataset<Row> df = SparkData.read(SharedSpark.session(), "data/iris/iris.csv", null);
        Dataset<Row>[] split = df.randomSplit(new double[] {0.7, 0.3}, 5);
        SparkMlpModel model = new SparkTrainer(irisConfig().toBuilder().epochs(30).build()).fit(split[0], split[1]);
        Map<String, Double> evaluated = model.evaluate(split[1]).toMap();
        assertEquals(evaluated.get("count"), model.metrics().get("validation.count"));
        assertEquals(evaluated.get("loss"), model.metrics().get("validation.loss"), 1e-12);
        assertEquals(evaluated.get("accuracy"), model.metrics().get("validation.accuracy"), 1e-12);
        assertEquals(split[0].count(), model.metrics().get("train.count").longValue());
    }
}
