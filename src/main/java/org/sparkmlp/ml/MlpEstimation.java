package org.sparkmlp.ml;

import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;
import org.sparkmlp.math.Checks;
import org.sparkmlp.model.MlpModel;
import org.sparkmlp.spark.SparkTrainer;
import org.sparkmlp.train.IterationRecord;
import org.sparkmlp.train.TrainConfig;
import org.sparkmlp.train.TrainingLoop;
import org.sparkmlp.train.TrainingSetup;

/** What both estimators do in {@code fit}: check the input, build the configuration, train. */
final class MlpEstimation {
    private MlpEstimation() {}

    /**
     * Checks {@code schema} for fitting: the label column is there and numeric, and the features are there
     * in a form spark-mlp reads (a vector, an array of numbers, or the {@code features} numeric columns).
     */
    static void checkFitSchema(MlpParams<?> p, StructType schema, String labelCol, String featuresCol) {
        List<String> names = List.of(schema.fieldNames());
        Checks.arg(names.contains(labelCol), "the label column '%s' is not in the input; its columns are %s", labelCol,
            names);
        Checks.arg(schema.apply(labelCol).dataType() instanceof NumericType,
            "the label column '%s' is %s; expected a numeric type (class indices 0..K-1 for a classifier)", labelCol,
            schema.apply(labelCol).dataType().simpleString());
        for (String c : p.featureColumns(featuresCol)) {
            Checks.arg(names.contains(c), "the feature column '%s' is not in the input; its columns are %s", c, names);
        }
    }

    /**
     * Trains on {@code dataset} with the configuration of {@code p}'s params, stopping early by {@code tol},
     * from {@code initialWeights} when set.
     */
    static MlpModel fit(MlpParams<?> p, Dataset<?> dataset, String labelCol, String featuresCol) {
        checkFitSchema(p, dataset.schema(), labelCol, featuresCol);
        TrainConfig cfg = p.mlpParams().config(p, labelCol, featuresCol);
        SparkTrainer trainer = new SparkTrainer(cfg);
        double tol = p.getTol();
        if (tol > 0) {
            trainer.listener(new Tolerance(tol));
        }
        if (p.isDefined(p.initialWeights())) {
            Vector w = p.getInitialWeights();
            trainer.initialWeights(w.toArray());
        }
        @SuppressWarnings("unchecked")
        Dataset<Row> rows = (Dataset<Row>) dataset.toDF();
        return trainer.fit(rows, "the training data", null).model();
    }

    /**
     * Stops training when an epoch's mean loss improves on the previous epoch's by less than {@code tol} times
     * it; with local rounds, at the first round that ends an epoch.
     */
    private static final class Tolerance implements TrainingLoop.IterationListener {
        private final double tol;
        private double previous = Double.NaN;
        private double sum;
        private long count;
        private long lastIteration = -1;

        Tolerance(double tol) {
            this.tol = tol;
        }

        @Override
        public boolean afterIteration(TrainingSetup setup, IterationRecord rec, double[] params) {
            sum += rec.loss();
            count++;
            long perEpoch = setup.plan().iterationsPerEpoch();
            long before = lastIteration < 0 ? rec.iteration() - 1 : lastIteration;
            lastIteration = rec.iteration();
            if (rec.iteration() / perEpoch == before / perEpoch) {
                return true;
            }
            double epoch = sum / count;
            sum = 0;
            count = 0;
            boolean goOn = Double.isNaN(previous) || previous - epoch >= tol * Math.abs(previous);
            previous = epoch;
            return goOn;
        }

        @Override
        public String toString() {
            return "tol " + tol + " (the epoch's mean loss improved by less than that, relative)";
        }
    }
}
