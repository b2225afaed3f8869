package org.sparkmlp.bench;

import java.util.Arrays;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.sparkmlp.ml.MlpClassificationModel;
import org.sparkmlp.ml.MlpClassifier;
import org.sparkmlp.spark.SparkData;

/**
 * The Spark ML estimators side by side: MLlib's {@code MultilayerPerceptronClassifier} and spark-mlp's
 * {@code MlpClassifier} fitted on the same MNIST {@code features} vector column (as {@code VectorAssembler}
 * makes it) with the same layers, each as its users would run it; then the fitted models' {@code transform}
 * over the same test rows.
 */
final class Estimators extends Benchmark {
    private static final int[] LAYERS = {784, 128, 10};
    private static final int MLLIB_ITERATIONS = 100;
    private static final int EPOCHS = 10;
    private static final int FULL_BATCH_PASSES = 20;
    private static final int TRANSFORM_COPIES = 5;

    Estimators(Context c) {
        super(c);
    }

    private Dataset<Row> vectors(String csv) {
        Dataset<Row> df = SparkData.read(spark, csv, "csv");
        String[] features = Arrays.stream(df.columns()).filter(c -> !c.equals("label")).toArray(String[]::new);
        return new VectorAssembler().setInputCols(features).setOutputCol("features").transform(df)
            .select("features", "label");
    }

    void mnist(String trainCsv, String testCsv) {
        if (!java.nio.file.Files.isRegularFile(java.nio.file.Path.of(trainCsv))) {
            line("## Spark ML estimators on MNIST: skipped, %s is absent", trainCsv);
            return;
        }
        Dataset<Row> train = vectors(trainCsv).repartition(partitions).cache();
        long n = train.count();
        Dataset<Row> test = vectors(testCsv).cache();
        long nTest = test.count();
        MulticlassClassificationEvaluator accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy");

        long t0 = System.nanoTime();
        MultilayerPerceptronClassificationModel mllib = new MultilayerPerceptronClassifier().setLayers(LAYERS)
            .setMaxIter(MLLIB_ITERATIONS).setSeed(1L).fit(train);
        double mllibSeconds = (System.nanoTime() - t0) * 1e-9;
        int mllibPasses = mllib.summary().totalIterations();
        double mllibAccuracy = accuracy.evaluate(mllib.transform(test));

        t0 = System.nanoTime();
        MlpClassificationModel ours = new MlpClassifier().setLayers(LAYERS).setMaxIter(EPOCHS).setBatchSize(256)
            .setSeed(1L).fit(train);
        double oursSeconds = (System.nanoTime() - t0) * 1e-9;
        double oursAccuracy = accuracy.evaluate(ours.transform(test));

        t0 = System.nanoTime();
        MlpClassificationModel fullBatch = new MlpClassifier().setLayers(LAYERS).setSolver("gd")
            .setMaxIter(FULL_BATCH_PASSES).setSeed(1L).fit(train);
        double fullBatchSeconds = (System.nanoTime() - t0) * 1e-9;
        double fullBatchAccuracy = accuracy.evaluate(fullBatch.transform(test));

        line("## Spark ML estimators on MNIST: `MultilayerPerceptronClassifier` and `MlpClassifier`");
        line("");
        line("%,d training rows as one `VectorAssembler` vector column, cached, in %d partitions; %,d test rows. "
            + "Layers %s for both. MLlib: its defaults (sigmoid hidden layer, l-bfgs, block size 128), maxIter %d; "
            + "an l-bfgs iteration is one pass over the data. spark-mlp: its defaults (ReLU, Adam, rate 0.001), "
            + "%d epochs of 256-row mini-batches (an epoch is %d optimizer steps), and, for the cost of one pass "
            + "like for like, solver `gd` (full-batch steps, as MLlib's) for %d passes. Fit time is the wall time of "
            + "`fit`, preparation included.", n, partitions, nTest, Arrays.toString(LAYERS), MLLIB_ITERATIONS, EPOCHS,
            (n + 255) / 256, FULL_BATCH_PASSES);
        line("");
        line("| estimator | passes over the data | fit, s | s per pass | test accuracy |");
        line("| --- | --- | --- | --- | --- |");
        line("| MLlib `MultilayerPerceptronClassifier` | %d l-bfgs iterations | %.1f | %.2f | %.4f |", mllibPasses,
            mllibSeconds, mllibSeconds / mllibPasses, mllibAccuracy);
        line("| spark-mlp `MlpClassifier` | %d epochs | %.1f | %.2f | %.4f |", EPOCHS, oursSeconds,
            oursSeconds / EPOCHS, oursAccuracy);
        line("| spark-mlp `MlpClassifier`, solver `gd` | %d full-batch steps | %.1f | %.2f | %.4f |",
            FULL_BATCH_PASSES, fullBatchSeconds, fullBatchSeconds / FULL_BATCH_PASSES, fullBatchAccuracy);
        line("");
        line("MLlib / spark-mlp per full-batch pass = **%.1f×**.", (mllibSeconds / mllibPasses)
            / (fullBatchSeconds / FULL_BATCH_PASSES));
        line("");

        Dataset<Row> many = test;
        for (int i = 1; i < TRANSFORM_COPIES; i++) {
            many = many.union(test);
        }
        many = many.repartition(partitions).cache();
        long rows = many.count();
        double mllibRate = rows / transformSeconds(mllib, many);
        double oursRate = rows / transformSeconds(ours, many);
        line("`transform` of %,d cached test rows (the test set %d times) into prediction, probability and "
            + "rawPrediction, written to Spark's `noop` sink; median of %d after %d warm-up:", rows, TRANSFORM_COPIES,
            iterations, warmup);
        line("");
        line("| model | rows per second |");
        line("| --- | --- |");
        line("| MLlib | %,.0f |", mllibRate);
        line("| spark-mlp | %,.0f |", oursRate);
        line("");
        line("spark-mlp / MLlib = **%.1f×** the rows per second.", oursRate / mllibRate);
        line("");
        many.unpersist();
        train.unpersist();
        test.unpersist();
    }

    private double transformSeconds(Model<?> model, Dataset<Row> rows) {
        double[] s = new double[iterations];
        for (int i = -warmup; i < iterations; i++) {
            long t0 = System.nanoTime();
            model.transform(rows).write().format("noop").mode("overwrite").save();
            if (i >= 0) {
                s[i] = (System.nanoTime() - t0) * 1e-9;
            }
        }
        return median(s);
    }
}
