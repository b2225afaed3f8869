package org.sparkmlp.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.RDDInfo;
import org.sparkmlp.data.ValidationSplit;
import org.sparkmlp.data.DataBlock;
import org.sparkmlp.math.Blas;
import org.sparkmlp.optim.OptimizerKind;
import org.sparkmlp.spark.CsvBlocks;
import org.sparkmlp.spark.DatasetBlocks;
import org.sparkmlp.spark.SparkData;
import org.sparkmlp.spark.SparkTrainer;
import org.sparkmlp.train.Seeds;
import org.sparkmlp.train.TrainConfig;

/** Time to 97% MNIST test accuracy, spark-mlp against MLlib. */
final class TimeToAccuracy extends Benchmark {
    TimeToAccuracy(Context c) {
        super(c);
    }

    /**
     * Wall time to 97% MNIST test accuracy, both trainers starting from the same cached DataFrame of the
     * 60,000 training rows. spark-mlp is evaluated on the test set after each epoch, with the clock
     * stopped while it is; MLlib, which has no such hook, is fitted with growing iteration budgets, and
     * its time is the fit time of the first budget that reaches 97%.
     */
    void run(String trainPath, String testPath) {
        if (!java.nio.file.Files.isRegularFile(java.nio.file.Path.of(trainPath))) {
            line("## Time to 97%% MNIST test accuracy: skipped, %s is absent", trainPath);
            return;
        }
        Dataset<Row> train = SparkData.read(spark, trainPath, "csv").repartition(partitions).cache();
        train.count();
        Dataset<Row> test = SparkData.read(spark, testPath, "csv").cache();
        test.count();
        String[] features = Arrays.stream(train.columns()).filter(c -> !c.equals("label")).toArray(String[]::new);
        line("## Time to 97%% MNIST test accuracy (60,000 training rows, 10,000 test rows)");
        line("");
        line("| trainer | settings | reached | wall time (s) |");
        line("| --- | --- | --- | --- |");

        TrainConfig cfg = TrainConfig.builder().layers(784, 128, 10).activation("relu")
            .optimizer(OptimizerKind.ADAM).learningRate(0.002).batchSize(512).epochs(20).seed(1).build();
        long[] evalNanos = {0};
        double[] reachedAt = {Double.NaN};
        int[] epochs = {0};
        long t0 = System.nanoTime();
        JavaRDD<DataBlock> blocks = DatasetBlocks.read(train, List.of("label"), List.of(features), null, cfg.blockSize(),
            partitions, cfg.cache(), "the input", ANY_LABEL, ValidationSplit.NONE).blocks();
        new SparkTrainer(cfg).listener((setup, rec, params) -> {
            if (rec.iteration() % setup.plan().iterationsPerEpoch() != 0) {
                return true;
            }
            long e0 = System.nanoTime();
            org.sparkmlp.model.MlpModel m = new org.sparkmlp.model.MlpModel(setup.spec(), params.clone(),
                setup.preprocessor(), List.of(features), List.of("label"), Map.of(), Map.of());
            double acc = org.sparkmlp.spark.SparkScoring.evaluate(m, test, "MNIST test").toMap().get("accuracy");
            evalNanos[0] += System.nanoTime() - e0;
            epochs[0] = (int) (rec.epoch() + 1);
            if (acc >= 0.97) {
                reachedAt[0] = (System.nanoTime() - t0 - evalNanos[0]) * 1e-9;
                return false;
            }
            return true;
        }).fit(blocks, List.of(features));
        blocks.unpersist(true);
        line("| spark-mlp | 784-128-10 ReLU, Adam lr 0.002, batch 512, float | %s | %s |",
            Double.isNaN(reachedAt[0]) ? "not within 20 epochs" : "after " + epochs[0] + " epochs",
            Double.isNaN(reachedAt[0]) ? "-" : String.format(Locale.ROOT, "%.1f", reachedAt[0]));

        // MLlib's MLP does not scale its input, so it is measured on the raw pixels and on standardised ones.
        Dataset<Row> rawTrain = new VectorAssembler().setInputCols(features).setOutputCol("features")
            .transform(train).select("features", "label");
        Dataset<Row> rawTest = new VectorAssembler().setInputCols(features).setOutputCol("features")
            .transform(test).select("features", "label");
        double best = Double.NaN;
        String bestSettings = null;
        for (boolean standardized : new boolean[] {false, true}) {
            double lastAcc = 0;
            for (int maxIter : new int[] {100, 200, 300}) {
                long f0 = System.nanoTime();
                Dataset<Row> fitOn = rawTrain;
                Dataset<Row> evalOn = rawTest;
                if (standardized) {
                    var scaler = new org.apache.spark.ml.feature.StandardScaler().setInputCol("features")
                        .setOutputCol("scaled").setWithMean(true).setWithStd(true).fit(rawTrain);
                    fitOn = scaler.transform(rawTrain).select(org.apache.spark.sql.functions.col("scaled").as("features"), org.apache.spark.sql.functions.col("label"));
                    evalOn = scaler.transform(rawTest).select(org.apache.spark.sql.functions.col("scaled").as("features"), org.apache.spark.sql.functions.col("label"));
                }
                var model = new MultilayerPerceptronClassifier().setLayers(new int[] {784, 128, 10})
                    .setSolver("l-bfgs").setMaxIter(maxIter).setSeed(1).fit(fitOn);
                double seconds = (System.nanoTime() - f0) * 1e-9;
                lastAcc = model.transform(evalOn).filter("prediction = label").count() / (double) test.count();
                String settings = String.format(Locale.ROOT, "784-128-10 sigmoid, l-bfgs, maxIter %d, %s input",
                    maxIter, standardized ? "standardised" : "raw");
                line("| MLlib | %s | test accuracy %.4f | %.1f |", settings, lastAcc, seconds);
                if (lastAcc >= 0.97) {
                    if (Double.isNaN(best) || seconds < best) {
                        best = seconds;
                        bestSettings = settings;
                    }
                    break;
                }
            }
        }
        line("");
        if (!Double.isNaN(best) && !Double.isNaN(reachedAt[0])) {
            line("spark-mlp / MLlib's best time to 97%%: %.2f (MLlib: %s).", reachedAt[0] / best, bestSettings);
        } else {
            line("MLlib did not reach 97%% within 300 l-bfgs iterations on raw or standardised input.");
        }
        line("");
        train.unpersist();
        test.unpersist();
    }
}
