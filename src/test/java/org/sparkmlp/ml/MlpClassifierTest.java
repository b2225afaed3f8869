package org.sparkmlp.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkmlp.model.ModelIO;
import org.sparkmlp.train.Settings;
import org.sparkmlp.testutil.SharedSpark;

/** {@link MlpClassifier} and its model, checked as Spark's suite checks {@code MultilayerPerceptronClassifier}. */
class MlpClassifierTest {
    @TempDir
    Path tmp;

    private static final StructType VECTORS = new StructType().add("features", SQLDataTypes.VectorType(), false)
        .add("label", DataTypes.DoubleType, false);

    static Dataset<Row> xor() {
        List<Row> rows = new ArrayList<>();
        double[][] x = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
        double[] y = {0, 1, 1, 0};
        for (int i = 0; i < 4; i++) {
            rows.add(RowFactory.create(Vectors.dense(x[i]), y[i]));
        }
        return SharedSpark.session().createDataFrame(rows, VECTORS);
    }

    /**
     * {@code n} rows of 4 features, each x ~ N(0, 1) per feature, with a label drawn from the softmax of
     * {@code W x + b} over 3 classes: a problem multinomial logistic regression fits as well as any model can.
     */
    static Dataset<Row> multinomial(int n, long seed) {
        double[][] w = {{1.2, -0.7, 0.4, 0.0}, {-0.5, 0.9, -1.1, 0.6}, {0.0, 0.0, 0.0, 0.0}};
        double[] b = {0.3, -0.2, 0.0};
        Random random = new Random(seed);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] x = new double[4];
            for (int j = 0; j < 4; j++) {
                x[j] = random.nextGaussian();
            }
            double[] p = new double[3];
            double sum = 0;
            for (int c = 0; c < 3; c++) {
                double z = b[c];
                for (int j = 0; j < 4; j++) {
                    z += w[c][j] * x[j];
                }
                p[c] = Math.exp(z);
                sum += p[c];
            }
            double u = random.nextDouble() * sum;
            int label = 0;
            while (label < 2 && u > p[label]) {
                u -= p[label];
                label++;
            }
            rows.add(RowFactory.create(Vectors.dense(x), (double) label));
        }
        return SharedSpark.session().createDataFrame(rows, VECTORS).repartition(2);
    }

    private static double accuracy(Dataset<Row> scored) {
        return new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(scored);
    }

    @Test
    void invalidLayersAreRefused() {
        Dataset<Row> df = xor();
        IllegalArgumentException noLayers = assertThrows(IllegalArgumentException.class,
            () -> new MlpClassifier().setLayers(new int[0]).fit(df));
        assertTrue(noLayers.getMessage().contains("layers"), noLayers.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MlpClassifier().setLayers(new int[] {2, 0, 2}).fit(df));
        IllegalArgumentException wrongInput = assertThrows(IllegalArgumentException.class,
            () -> new MlpClassifier().setLayers(new int[] {3, 5, 2}).fit(df));
        assertTrue(wrongInput.getMessage().contains("2"), wrongInput.getMessage());
    }

    @Test
    void learnsXorExactly() {
        Dataset<Row> df = xor();
        for (long seed = 1; seed <= 5; seed++) {
            MlpClassificationModel model = new MlpClassifier().setLayers(new int[] {2, 5, 2}).setMaxIter(400)
                .setStepSize(0.05).setSeed(seed).fit(df);
            List<Row> out = model.transform(df).select("prediction", "label").collectAsList();
            for (Row r : out) {
                assertEquals(r.getDouble(1), r.getDouble(0), "seed " + seed + ": prediction for label " + r.getDouble(1));
            }
            assertEquals(2, model.numClasses());
            assertEquals(2, model.numFeatures());
        }
    }

    @Test
    void matchesLogisticRegressionOnAMultinomialProblem() {
        Dataset<Row> train = multinomial(6000, 42).cache();
        LogisticRegressionModel lr = new LogisticRegression().setMaxIter(100).fit(train);
        MlpClassificationModel mlp = new MlpClassifier().setLayers(new int[] {4, 8, 3}).setMaxIter(300).setBatchSize(0)
            .setStepSize(0.05).setSeed(11L).fit(train);
        double lrAccuracy = accuracy(lr.transform(train));
        double mlpAccuracy = accuracy(mlp.transform(train));
        assertTrue(lrAccuracy > 0.6, "the problem is learnable: " + lrAccuracy);
        assertTrue(mlpAccuracy >= lrAccuracy, "MLP " + mlpAccuracy + " against LogisticRegression " + lrAccuracy);
        train.unpersist();
    }

    @Test
    void copyKeepsTheUidAndTakesTheExtraParams() {
        MlpClassifier est = new MlpClassifier("mlpc_test").setLayers(new int[] {2, 5, 2}).setMaxIter(3);
        MlpClassifier copy = est.copy(new ParamMap().put(est.maxIter().w(7)));
        assertEquals("mlpc_test", copy.uid());
        assertNotSame(est, copy);
        assertEquals(7, copy.getMaxIter());
        assertEquals(3, est.getMaxIter());
        assertArrayEquals(new int[] {2, 5, 2}, copy.getLayers());
        for (Param<?> p : copy.params()) {
            assertEquals("mlpc_test", p.parent(), p.name());
        }

        MlpClassificationModel model = est.fit(xor());
        assertEquals("mlpc_test", model.uid());
        assertEquals(est, model.parent());
        MlpClassificationModel modelCopy = model.copy(new ParamMap().put(model.probabilityCol().w("p")));
        assertEquals("mlpc_test", modelCopy.uid());
        assertEquals("p", modelCopy.getProbabilityCol());
        assertEquals("probability", model.getProbabilityCol());
        assertEquals(est, modelCopy.parent());
        assertArrayEquals(model.weights().toArray(), modelCopy.weights().toArray());
    }

    @Test
    void defaultsAreTheTrainersAndMllibsNames() {
        MlpClassifier est = new MlpClassifier();
        assertTrue(est.uid().startsWith("mlpc_"), est.uid());
        assertEquals("features", est.getFeaturesCol());
        assertEquals("label", est.getLabelCol());
        assertEquals("prediction", est.getPredictionCol());
        assertEquals("probability", est.getProbabilityCol());
        assertEquals("rawPrediction", est.getRawPredictionCol());
        assertEquals(Settings.EPOCHS.defaultValue(), est.getMaxIter());
        assertEquals(Settings.BLOCK_SIZE.defaultValue(), est.getBlockSize());
        assertEquals(Settings.SEED.defaultValue(), est.getSeed());
        assertEquals(Settings.OPTIMIZER.defaultValue().toString(), est.getSolver());
        assertEquals(0.0, est.getTol());
        assertFalse(est.isDefined(est.stepSize()), "the step size is the optimizer's own default");
        assertFalse(est.isDefined(est.thresholds()));
        assertFalse(est.isDefined(est.initialWeights()));
        assertEquals(Settings.DROPOUT.defaultValue(), est.getDropout());
        for (String mllib : List.of("layers", "maxIter", "stepSize", "solver", "tol", "blockSize", "seed",
            "initialWeights", "featuresCol", "labelCol", "predictionCol", "probabilityCol", "rawPredictionCol",
            "thresholds", "weightCol")) {
            assertTrue(est.hasParam(mllib), mllib);
        }
        for (String ours : List.of("batchSize", "dropout", "weightDecay", "lrSchedule", "validationFraction",
            "precision", "checkpointDir", "activation", "network")) {
            assertTrue(est.hasParam(ours), ours);
        }
    }

    @Test
    void invalidParamValuesAreRefusedWhenSetNamingTheParam() {
        IllegalArgumentException maxIter = assertThrows(IllegalArgumentException.class,
            () -> new MlpClassifier().setMaxIter(-1));
        assertTrue(maxIter.getMessage().contains("maxIter"), maxIter.getMessage());
        IllegalArgumentException stepSize = assertThrows(IllegalArgumentException.class,
            () -> new MlpClassifier().setStepSize(-0.5));
        assertTrue(stepSize.getMessage().contains("stepSize"), stepSize.getMessage());
        IllegalArgumentException dropout = assertThrows(IllegalArgumentException.class,
            () -> new MlpClassifier().setDropout(1.5));
        assertTrue(dropout.getMessage().contains("dropout"), dropout.getMessage());
        IllegalArgumentException loss = assertThrows(IllegalArgumentException.class,
            () -> new MlpClassifier().setLoss("hinge"));
        assertTrue(loss.getMessage().contains("param loss") && loss.getMessage().contains("hinge"), loss.getMessage());
        assertEquals(7, new MlpClassifier().setMaxIter(7).getMaxIter(), "a valid value is set");
    }

    @Test
    void solversAreOursOrRefused() {
        Dataset<Row> df = xor();
        IllegalArgumentException lbfgs = assertThrows(IllegalArgumentException.class,
            () -> new MlpClassifier().setLayers(new int[] {2, 3, 2}).setSolver("l-bfgs").fit(df));
        for (String ours : List.of("adam", "adamw", "sgd")) {
            assertTrue(lbfgs.getMessage().contains(ours), lbfgs.getMessage());
        }
        MlpClassificationModel gd = new MlpClassifier().setLayers(new int[] {2, 3, 2}).setSolver("gd").setMaxIter(2)
            .fit(df);
        assertEquals("sgd", gd.mlpModel().training().get("optimizer"));
    }

    @Test
    void estimatorAndModelSaveAndLoadWithEveryParam() throws Exception {
        MlpClassifier est = new MlpClassifier().setLayers(new int[] {2, 6, 2}).setMaxIter(20).setStepSize(0.05)
            .setDropout(0.1).setThresholds(new double[] {0.4, 0.6}).setInitialWeights(Vectors.dense(new double[32]));
        String estPath = tmp.resolve("est").toString();
        est.write().overwrite().save(estPath);
        MlpClassifier estLoaded = MlpClassifier.load(estPath);
        assertEquals(est.uid(), estLoaded.uid());
        assertSameParams(est, estLoaded);

        MlpClassificationModel model = new MlpClassifier().setLayers(new int[] {2, 6, 2}).setMaxIter(30)
            .setStepSize(0.05).setThresholds(new double[] {0.3, 0.7}).fit(xor());
        String path = tmp.resolve("model").toString();
        model.save(path);
        MlpClassificationModel loaded = MlpClassificationModel.load(path);
        assertEquals(model.uid(), loaded.uid());
        assertSameParams(model, loaded);
        assertArrayEquals(model.weights().toArray(), loaded.weights().toArray());
        assertSameScores(model.transform(xor()), loaded.transform(xor()));
        assertArrayEquals(model.weights().toArray(), ModelIO.load(tmp.resolve("model").resolve("data")).params(),
            "PATH/data is a spark-mlp model directory");
    }

    @Test
    void initialWeightsAreWhereTrainingStarts() {
        MlpClassifier est = new MlpClassifier().setLayers(new int[] {2, 3, 2}).setMaxIter(1).setStepSize(1e-9)
            .setSolver("sgd");
        double[] start = new double[17];
        for (int i = 0; i < start.length; i++) {
            start[i] = 0.01 * (i + 1);
        }
        assertArrayEquals(start, est.setInitialWeights(Vectors.dense(start)).fit(xor()).weights().toArray(), 1e-8,
            "one step of 1e-9 from the initial weights");
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
            () -> est.setInitialWeights(Vectors.dense(new double[5])).fit(xor()));
        assertTrue(wrong.getMessage().contains("17"), wrong.getMessage());
    }

    @Test
    void mllibsWeightsCarryOverAsInitialWeights() {
        Dataset<Row> df = multinomial(600, 8);
        org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel mllib =
            new org.apache.spark.ml.classification.MultilayerPerceptronClassifier().setLayers(new int[] {4, 5, 3})
                .setMaxIter(20).setSeed(2L).fit(df);
        MlpClassificationModel ours = new MlpClassifier().setLayers(new int[] {4, 5, 3}).setActivation("sigmoid")
            .setStandardize(false).setSolver("sgd").setStepSize(1e-12).setMaxIter(1).setPrecision("double")
            .setInitialWeights(mllib.weights()).fit(df);
        for (Row r : ours.transform(mllib.transform(df).withColumnRenamed("probability", "mllibProbability")
            .drop("prediction", "rawPrediction")).limit(100).collectAsList()) {
            assertArrayEquals(((Vector) r.getAs("mllibProbability")).toArray(),
                ((Vector) r.getAs("probability")).toArray(), 1e-6,
                "the same network from the same weights; a misread layout would differ by tenths");
        }
    }

    @Test
    void everyNumericLabelTypeIsAcceptedAndOthersRefused() {
        Dataset<Row> base = xor();
        MlpClassifier est = new MlpClassifier().setLayers(new int[] {2, 3, 2}).setMaxIter(2);
        double[] reference = null;
        for (String type : List.of("byte", "short", "int", "long", "float", "double", "decimal(10,0)")) {
            Dataset<Row> df = base.withColumn("label", functions.col("label").cast(type));
            double[] w = est.fit(df).weights().toArray();
            if (reference == null) {
                reference = w;
            }
            assertArrayEquals(reference, w, "label as " + type);
        }
        IllegalArgumentException string = assertThrows(IllegalArgumentException.class,
            () -> est.fit(base.withColumn("label", functions.col("label").cast("string"))));
        assertTrue(string.getMessage().contains("'label'") && string.getMessage().contains("string"),
            string.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
            () -> est.setLabelCol("y").fit(base));
        assertTrue(missing.getMessage().contains("'y'"), missing.getMessage());
    }

    @Test
    void predictOnOneRowEqualsTransform() {
        Dataset<Row> df = multinomial(500, 3);
        MlpClassificationModel model = new MlpClassifier().setLayers(new int[] {4, 6, 3}).setMaxIter(5)
            .setBatchSize(64).fit(df);
        for (MlpClassificationModel m : List.of(model, model.copy(new ParamMap()).setThresholds(
            new double[] {1.0, 0.2, 0.5}))) {
            for (Row r : m.transform(df).limit(50).collectAsList()) {
                Vector x = r.getAs("features");
                assertEquals((double) r.getAs("prediction"), m.predict(x));
                assertArrayEquals(((Vector) r.getAs("probability")).toArray(), m.predictProbability(x).toArray());
                assertArrayEquals(((Vector) r.getAs("rawPrediction")).toArray(), m.predictRaw(x).toArray());
            }
        }
    }

    @Test
    void featuresAsArraysAndNumericColumnsTrainTheSameModel() {
        Dataset<Row> vectors = multinomial(800, 5);
        MlpClassifier est = new MlpClassifier().setLayers(new int[] {4, 5, 3}).setMaxIter(3).setBatchSize(100);
        double[] fromVectors = est.fit(vectors).weights().toArray();
        Dataset<Row> arrays = vectors.withColumn("features",
            org.apache.spark.ml.functions.vector_to_array(functions.col("features"), "float64"));
        assertArrayEquals(fromVectors, est.fit(arrays).weights().toArray(), "array<double> features");
        Dataset<Row> columns = arrays.select(functions.col("features").getItem(0).as("a"),
            functions.col("features").getItem(1).as("b"), functions.col("features").getItem(2).as("c"),
            functions.col("features").getItem(3).as("d"), functions.col("label"));
        MlpClassificationModel byColumns = est.copy(new ParamMap()).setFeatures(new String[] {"a", "b", "c", "d"})
            .fit(columns);
        assertArrayEquals(fromVectors, byColumns.weights().toArray(), "numeric columns");
        assertEquals(List.of("a", "b", "c", "d"), byColumns.mlpModel().featureColumns());
        assertEquals(columns.count(), byColumns.transform(columns).count());
    }

    static void assertSameParams(org.apache.spark.ml.param.Params expected, org.apache.spark.ml.param.Params actual) {
        for (Param<?> p : expected.params()) {
            Param<?> q = actual.getParam(p.name());
            assertEquals(expected.isSet(p), actual.isSet(q), p.name());
            assertEquals(expected.isDefined(p), actual.isDefined(q), p.name());
            if (expected.isDefined(p)) {
                assertEquals(json(p, expected.getOrDefault(p)), json(q, actual.getOrDefault(q)), p.name());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> String json(Param<T> p, Object value) {
        return p.jsonEncode((T) value);
    }

    static void assertSameScores(Dataset<Row> expected, Dataset<Row> actual) {
        List<Row> a = expected.collectAsList();
        List<Row> b = actual.collectAsList();
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals((double) a.get(i).getAs("prediction"), (double) b.get(i).getAs("prediction"), "row " + i);
            assertArrayEquals(((Vector) a.get(i).getAs("probability")).toArray(),
                ((Vector) b.get(i).getAs("probability")).toArray(), "row " + i);
        }
    }

    /**
     * {@code tol} compares epochs' mean losses at each epoch's end (an improvement below a huge tol stops
     * training after the second epoch); with local rounds, at the round that ends the epoch. 400 rows in
     * batches of 64 make 7 iterations an epoch; rounds of 5 end at 5, 10 and 15.
     */
    @Test
    void tolStopsAtTheEndOfAnEpochAlsoWithLocalRounds() {
        Dataset<Row> data = multinomial(400, 4);
        MlpClassificationModel sync = new MlpClassifier().setLayers(new int[] {4, 8, 3}).setMaxIter(20)
            .setBatchSize(64).setTol(1e9).fit(data);
        assertEquals(14.0, sync.mlpModel().metrics().get("iterations"));
        MlpClassificationModel rounds = new MlpClassifier().setLayers(new int[] {4, 8, 3}).setMaxIter(20)
            .setBatchSize(64).setTol(1e9).setSyncEvery(5).fit(data);
        assertEquals(15.0, rounds.mlpModel().metrics().get("iterations"));
        assertEquals(140.0, new MlpClassifier().setLayers(new int[] {4, 8, 3}).setMaxIter(20).setBatchSize(64)
            .setSyncEvery(5).fit(data).mlpModel().metrics().get("iterations"), "without tol, every epoch");
    }

    /** The Java API's {@code tol} is the estimators' (one setting), with the same stopping point. */
    @Test
    void theTrainersTolIsTheEstimatorsOwn() {
        Dataset<Row> data = multinomial(400, 4);
        org.sparkmlp.train.TrainConfig cfg = org.sparkmlp.train.TrainConfig.builder().layers(4, 8, 3).epochs(20)
            .batchSize(64).tol(1e9).featureColumns(List.of("features")).build();
        assertEquals(14.0, new org.sparkmlp.spark.SparkTrainer(cfg).fit(data).model().metrics().get("iterations"));
    }

    /** A network given as a list of layers needs no activation, as the estimator's default does not set one. */
    @Test
    void aNetworkAloneIsEnough() {
        Dataset<Row> df = xor();
        MlpClassificationModel model = new MlpClassifier().setNetwork("linear:5,tanh,linear:2").setMaxIter(400)
            .setStepSize(0.05).setSeed(123L).fit(df);
        for (Row r : model.transform(df).select("prediction", "label").collectAsList()) {
            assertEquals(r.getDouble(1), r.getDouble(0), "prediction for label " + r.getDouble(1));
        }
    }

    /**
     * The estimators' {@code network} takes what {@code --network} takes: a layer type from an extension on the
     * class path (the tests' {@code counting}, which counts its passes in Spark tasks) and a residual block; so
     * does their {@code loss} (the tests' {@code logcosh}). The models save and load through Spark ML.
     */
    @Test
    void extensionLayersLossesAndResidualBlocksWorkInTheEstimators() throws Exception {
        Dataset<Row> train = multinomial(1200, 9).cache();
        long backwards = org.sparkmlp.testutil.TestExtension.Counting.TASK_BACKWARDS.get();
        MlpClassificationModel model = new MlpClassifier()
            .setNetwork("linear:8,counting,residual(linear:16,tanh,linear:8),relu,linear:3").setMaxIter(60)
            .setStepSize(0.01).setSeed(4L).fit(train);
        assertTrue(org.sparkmlp.testutil.TestExtension.Counting.TASK_BACKWARDS.get() > backwards,
            "the extension's layer ran backward in Spark tasks");
        assertTrue(accuracy(model.transform(train)) > 0.6, "learns the multinomial problem");
        String path = tmp.resolve("residual").toString();
        model.save(path);
        MlpClassificationModel loaded = MlpClassificationModel.load(path);
        assertEquals("linear:8,counting,residual(linear:16,tanh,linear:8),relu,linear:3,softmax",
            ModelIO.load(tmp.resolve("residual").resolve("data")).spec().network());
        assertSameScores(model.transform(train), loaded.transform(train));

        MlpRegressionModel regression = new MlpRegressor().setLoss("logcosh").setLayers(new int[] {4, 8, 1})
            .setMaxIter(40).setStepSize(0.01).setSeed(5L).fit(train);
        assertEquals("logcosh", regression.mlpModel().spec().loss().configName());
        assertEquals(1200, regression.transform(train).count());
        train.unpersist();
    }

    /** With no network set, the estimators take the network from the data: the default hidden layers, or {@code hidden}. */
    @Test
    void theEstimatorsNeedNoNetworkSet() {
        Dataset<Row> train = multinomial(300, 12).cache();
        MlpClassificationModel defaults = new MlpClassifier().fit(train);
        assertEquals("linear:64,relu,linear:32,relu,linear:3,softmax", defaults.mlpModel().spec().network());
        assertEquals(3, defaults.numClasses());
        MlpClassificationModel hidden = new MlpClassifier().setHidden(new int[] {8}).setActivation("tanh").fit(train);
        assertEquals("linear:8,tanh,linear:3,softmax", hidden.mlpModel().spec().network());
        assertEquals("linear:64,relu,linear:32,relu,linear:1", new MlpRegressor().fit(train).mlpModel().spec().network());
        train.unpersist();
    }
}
