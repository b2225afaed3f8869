package org.sparkmlp.ml;

import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;
import org.sparkmlp.math.Checks;
import org.sparkmlp.model.MlpModel;
import org.sparkmlp.nn.Task;
import org.sparkmlp.nn.loss.LossKind;
import org.sparkmlp.spark.SparkTrainer;
import org.sparkmlp.train.TrainConfig;

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
            "the label column '%s' is %s; expected a numeric type (class indices 0..K-1 for a classifier)%s", labelCol,
            schema.apply(labelCol).dataType().simpleString(), schema.apply(labelCol).dataType()
                instanceof org.apache.spark.sql.types.StringType ? ": index class names with StringIndexer first, "
                + "e.g. new StringIndexer().setInputCol(\"" + labelCol + "\").setOutputCol(\"" + labelCol
                + "Index\"), and set labelCol to its output" : "");
        for (String c : p.featureColumns(featuresCol)) {
            Checks.arg(names.contains(c), "the feature column '%s' is not in the input; its columns are %s", c, names);
        }
    }

    /**
     * Trains on {@code dataset} with the configuration of {@code p}'s params, from {@code initialWeights} when set,
     * for an estimator of {@code task}; a loss of another task is refused, naming the estimator that trains it.
     */
    static MlpModel fit(MlpParams<?> p, Task task, Dataset<?> dataset, String labelCol, String featuresCol) {
        Task lossTask = LossKind.fromName(p.getLoss()).task();
        String estimator = p.getClass().getSimpleName();
        Checks.arg(lossTask == task, "%s trains a %s; loss %s is a %s loss%s", estimator,
            task == Task.CLASSIFICATION ? "classifier" : "regression", p.getLoss(), lossTask.configName(),
            lossTask == Task.REGRESSION ? ": use MlpRegressor" : lossTask == Task.CLASSIFICATION
                ? ": use MlpClassifier" : "");
        checkFitSchema(p, dataset.schema(), labelCol, featuresCol);
        TrainConfig cfg = p.mlpParams().config(p, labelCol, featuresCol);
        SparkTrainer trainer = new SparkTrainer(cfg).readTables(false);
        if (p.isDefined(p.initialWeights())) {
            Vector w = p.getInitialWeights();
            trainer.initialWeights(w.toArray());
        }
        @SuppressWarnings("unchecked")
        Dataset<Row> rows = (Dataset<Row>) dataset.toDF();
        return trainer.fit(rows, "the training data", null).model();
    }
}
