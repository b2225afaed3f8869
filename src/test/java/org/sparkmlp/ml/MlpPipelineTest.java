package org.sparkmlp.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.ml.tuning.TrainValidationSplit;
import org.apache.spark.ml.tuning.TrainValidationSplitModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkmlp.spark.SparkData;
import org.sparkmlp.testutil.Datasets;
import org.sparkmlp.testutil.SharedSpark;

/** The estimators inside Spark ML's own machinery: pipelines, tuning, persistence, on the letter data. */
class MlpPipelineTest {
    @TempDir
    Path tmp;

    /** The letter data with its class as a letter ("A".."Z"), as a user's table would have it. */
    private static Dataset<Row> letters(String file) {
        Dataset<Row> df = SparkData.read(SharedSpark.session(), Datasets.repo("letter/" + file).toString(), null);
        return df.withColumn("letter", functions.expr("char(65 + cast(label as int))")).drop("label");
    }

    private static String[] featureNames(Dataset<Row> df) {
        return Arrays.stream(df.columns()).filter(c -> !c.equals("letter")).toArray(String[]::new);
    }

    @Test
    void pipelineSavedAndLoadedInANewSessionScoresBitIdentically() throws Exception {
        Dataset<Row> train = letters("train.csv.gz");
        Dataset<Row> test = letters("test.csv.gz");
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
            new StringIndexer().setInputCol("letter").setOutputCol("label"),
            new VectorAssembler().setInputCols(featureNames(train)).setOutputCol("features"),
            new MlpClassifier().setLayers(new int[] {16, 64, 26}).setMaxIter(8).setBatchSize(256).setStepSize(0.01)});
        PipelineModel fitted = pipeline.fit(train);
        double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy")
            .evaluate(fitted.transform(test));
        assertTrue(accuracy > 0.7, "letter test accuracy after 8 epochs: " + accuracy);

        String path = tmp.resolve("pipeline").toString();
        fitted.write().overwrite().save(path);
        SparkSession original = SharedSpark.session();
        SparkSession other = original.newSession();
        SparkSession.setActiveSession(other);
        try {
            PipelineModel loaded = PipelineModel.load(path);
            MlpClassificationModel mlp = (MlpClassificationModel) loaded.stages()[2];
            MlpClassificationModel before = (MlpClassificationModel) fitted.stages()[2];
            MlpClassifierTest.assertSameParams(before, mlp);
            Dataset<Row> again = other.createDataFrame(test.collectAsList(), test.schema());
            List<Row> a = fitted.transform(test).select("prediction", "probability", "rawPrediction").collectAsList();
            List<Row> b = loaded.transform(again).select("prediction", "probability", "rawPrediction")
                .collectAsList();
            assertEquals(a.size(), b.size());
            for (int i = 0; i < a.size(); i++) {
                assertEquals(a.get(i).getDouble(0), b.get(i).getDouble(0), "row " + i);
                for (int c = 1; c <= 2; c++) {
                    assertArrayEquals(((Vector) a.get(i).get(c)).toArray(), ((Vector) b.get(i).get(c)).toArray(),
                        "row " + i);
                }
            }
        } finally {
            SparkSession.setActiveSession(original);
        }
    }

    @Test
    void crossValidatorPicksAModelInParallelAndSavesIt() throws Exception {
        SparkSession spark = SharedSpark.session();
        Dataset<Row> raw = letters("train.csv.gz").limit(6000);
        Dataset<Row> data = new VectorAssembler().setInputCols(featureNames(raw)).setOutputCol("features")
            .transform(new StringIndexer().setInputCol("letter").setOutputCol("label").fit(raw).transform(raw))
            .select("features", "label").cache();
        data.count();
        int cachedBefore = spark.sparkContext().getPersistentRDDs().size();
        MlpClassifier mlp = new MlpClassifier().setBatchSize(256).setSeed(7L);
        ParamMap[] grid = new ParamGridBuilder()
            .addGrid(mlp.layers(), scala.jdk.javaapi.CollectionConverters.asScala(List.of(new int[] {16, 16, 26},
                new int[] {16, 64, 26})))
            .addGrid(mlp.stepSize(), new double[] {0.003, 0.03})
            .addGrid(mlp.maxIter(), new int[] {4})
            .build();
        assertEquals(4, grid.length);
        MulticlassClassificationEvaluator accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy");
        CrossValidator cv = new CrossValidator().setEstimator(mlp).setEstimatorParamMaps(grid).setEvaluator(accuracy)
            .setNumFolds(3).setParallelism(2).setSeed(3L);
        CrossValidatorModel model = cv.fit(data);
        double[] metrics = model.avgMetrics();
        assertEquals(4, metrics.length);
        int best = 0;
        for (int i = 1; i < metrics.length; i++) {
            best = metrics[i] > metrics[best] ? i : best;
        }
        MlpClassificationModel chosen = (MlpClassificationModel) model.bestModel();
        assertArrayEquals((int[]) grid[best].apply(mlp.layers()), chosen.getLayers());
        assertEquals((double) grid[best].apply(mlp.stepSize()), chosen.getStepSize());
        assertTrue(metrics[best] > 0.5, Arrays.toString(metrics));
        assertEquals(cachedBefore, spark.sparkContext().getPersistentRDDs().size(),
            "every fit released the blocks it cached");

        CrossValidatorModel oneAtATime = cv.copy(new ParamMap()).setParallelism(1).fit(data);
        assertArrayEquals(metrics, oneAtATime.avgMetrics(), 0.0, "parallelism 2 gives parallelism 1's metrics");
        assertArrayEquals(chosen.weights().toArray(), ((MlpClassificationModel) oneAtATime.bestModel()).weights()
            .toArray(), "and its best model, bit for bit");

        MlpClassifier alone = mlp.copy(grid[best]);
        assertArrayEquals(alone.fit(data).weights().toArray(), chosen.weights().toArray(),
            "the best model refitted on all the data");

        // Two fits at once, each with its own cached blocks and broadcasts, give what each gives alone.
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<double[]>> together = new ArrayList<>();
            for (ParamMap m : List.of(grid[0], grid[3])) {
                together.add(pool.submit(() -> mlp.copy(m).fit(data).weights().toArray()));
            }
            assertArrayEquals(mlp.copy(grid[0]).fit(data).weights().toArray(), together.get(0).get());
            assertArrayEquals(mlp.copy(grid[3]).fit(data).weights().toArray(), together.get(1).get());
        } finally {
            pool.shutdown();
        }

        String path = tmp.resolve("cv").toString();
        model.write().overwrite().save(path);
        CrossValidatorModel loaded = CrossValidatorModel.load(path);
        assertArrayEquals(metrics, loaded.avgMetrics());
        assertArrayEquals(chosen.weights().toArray(), ((MlpClassificationModel) loaded.bestModel()).weights().toArray());
        MlpClassifierTest.assertSameScores(model.transform(data), loaded.transform(data));
        data.unpersist();
    }

    /** {@code n} rows of 3 features and {@code y = sin(2 x0) + x1 * x2 + 100}. */
    static Dataset<Row> curve(int n, long seed) {
        Random random = new Random(seed);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double a = random.nextDouble() * 2 - 1;
            double b = random.nextDouble() * 2 - 1;
            double c = random.nextDouble() * 2 - 1;
            rows.add(RowFactory.create(org.apache.spark.ml.linalg.Vectors.dense(a, b, c),
                Math.sin(2 * a) + b * c + 100));
        }
        StructType schema = new StructType().add("features", org.apache.spark.ml.linalg.SQLDataTypes.VectorType())
            .add("label", DataTypes.DoubleType);
        return SharedSpark.session().createDataFrame(rows, schema).repartition(2);
    }

    @Test
    void regressorTunedByTrainValidationSplitPredictsInTheLabelsUnits() throws Exception {
        Dataset<Row> data = curve(4000, 9).cache();
        MlpRegressor mlp = new MlpRegressor().setBatchSize(128).setSeed(5L);
        assertEquals("mse", mlp.getLoss());
        ParamMap[] grid = new ParamGridBuilder()
            .addGrid(mlp.layers(), scala.jdk.javaapi.CollectionConverters.asScala(List.of(new int[] {3, 8, 1},
                new int[] {3, 32, 1})))
            .addGrid(mlp.stepSize(), new double[] {0.001, 0.01})
            .addGrid(mlp.maxIter(), new int[] {15})
            .build();
        RegressionEvaluator rmse = new RegressionEvaluator();
        TrainValidationSplitModel model = new TrainValidationSplit().setEstimator(mlp).setEstimatorParamMaps(grid)
            .setEvaluator(rmse).setTrainRatio(0.75).setParallelism(2).setSeed(1L).fit(data);
        double best = Arrays.stream(model.validationMetrics()).min().orElseThrow();
        assertTrue(best < 0.1, "validation RMSE " + Arrays.toString(model.validationMetrics())
            + " against the label's standard deviation of about 0.6");
        MlpRegressionModel chosen = (MlpRegressionModel) model.bestModel();
        Row first = chosen.transform(data).first();
        assertEquals((double) first.getAs("prediction"), chosen.predict(first.getAs("features")));
        assertEquals(100, (double) first.getAs("prediction"), 2.0, "predictions are in the label's units");

        String path = tmp.resolve("tvs").toString();
        model.write().overwrite().save(path);
        TrainValidationSplitModel loaded = TrainValidationSplitModel.load(path);
        MlpRegressionModel reloaded = (MlpRegressionModel) loaded.bestModel();
        MlpClassifierTest.assertSameParams(chosen, reloaded);
        List<Row> a = chosen.transform(data).select("prediction").collectAsList();
        List<Row> b = reloaded.transform(data).select("prediction").collectAsList();
        assertEquals(a, b, "the loaded regression predicts bit for bit the same");
        data.unpersist();
    }
}
