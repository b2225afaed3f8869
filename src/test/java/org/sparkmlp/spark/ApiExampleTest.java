package org.sparkmlp.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkmlp.math.Matrix;
import org.sparkmlp.model.MlpModel;
import org.sparkmlp.model.ModelIO;
import org.sparkmlp.nn.Activation;
import org.sparkmlp.nn.Linear;
import org.sparkmlp.nn.MLP;
import org.sparkmlp.nn.ReLU;
import org.sparkmlp.nn.loss.LossKind;
import org.sparkmlp.nn.loss.MSE;
import org.sparkmlp.optim.OptimizerKind;
import org.sparkmlp.testutil.SharedSpark;
import org.sparkmlp.train.TrainConfig;

/** The README's Java API examples, as written there. */
class ApiExampleTest {
    @TempDir
    Path tmp;

    @Test
    void readmeSparkExample() throws Exception {
        SparkSession spark = SharedSpark.session();
        Dataset<Row> train = SparkData.read(spark, "data/letter/train.csv.gz", null);   // csv or parquet

        TrainConfig config = TrainConfig.builder()
            .labelColumn("label")                 // features: every other numeric column, unless set
            .layers(16, 128, 26)                  // input width, hidden widths, classes
            .activation(Activation.RELU)
            .loss(LossKind.CROSS_ENTROPY)         // MSE or MAE train a regressor
            .optimizer(OptimizerKind.ADAM).learningRate(0.005)
            .epochs(25).batchSize(512).seed(1)
            .build();                             // every value is validated here

        MlpModel model = new SparkTrainer(config).fit(train);
        ModelIO.save(model, tmp.resolve("models/letter"), true);

        Dataset<Row> test = SparkData.read(spark, "data/letter/test.csv.gz", null);
        Dataset<Row> scored = SparkScoring.transform(model, test, "test set");   // + prediction, probability
        Map<String, Double> metrics = SparkScoring.evaluate(model, test, "test set").toMap();

        assertTrue(metrics.get("accuracy") >= 0.90, metrics.toString());
        assertEquals(4000, scored.count());
        assertEquals(metrics.get("accuracy"), scored.filter("prediction = label").count() / 4000.0, 1e-12);
    }

    @Test
    void readmeCoreExample() {
        MLP net = new MLP(List.of(new Linear(3, 2), new ReLU()), new MSE());
        Matrix out = net.forward(Matrix.of(new double[][] {{1, 2, 3}, {4, 5, 6}}));
        // A fresh Linear has zero weights: the output is all zeros, of the batch's shape.
        assertEquals(2, out.rows());
        assertEquals(2, out.cols());
        assertEquals(0.0, out.get(1, 1));
    }
}
