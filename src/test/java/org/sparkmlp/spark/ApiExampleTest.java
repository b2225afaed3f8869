package org.sparkmlp.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkmlp.math.Matrix;
import org.sparkmlp.model.Predictor;
import org.sparkmlp.nn.Linear;
import org.sparkmlp.nn.MLP;
import org.sparkmlp.nn.ReLU;
import org.sparkmlp.nn.loss.MSE;
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
            .label("label")                       // features: every other numeric column, unless set
            .layers(16, 128, 26)                  // input width, hidden widths, classes
            .activation("relu")
            .loss("cross-entropy")                // mse or mae train a regressor
            .optimizer("adam").lr(0.005)
            .epochs(25).batchSize(512).seed(1)
            .validationFraction(0.1)              // held out by the seed, validated once per epoch
            .build();                             // every value is validated here

        SparkMlpModel model = new SparkTrainer(config).fit(train);
        model.save(tmp.resolve("models/letter"), true);

        Dataset<Row> test = SparkData.read(spark, "data/letter/test.csv.gz", null);
        Dataset<Row> scored = model.transform(test);   // + prediction, probability, rawPrediction
        Map<String, Double> metrics = model.evaluate(test).toMap();

        assertTrue(metrics.get("accuracy") >= 0.88, metrics.toString());
        assertTrue(model.metrics().get("validation.accuracy") >= 0.85, model.metrics().toString());
        assertEquals(4000, scored.count());
        assertEquals(metrics.get("accuracy"), scored.filter("prediction = label").count() / 4000.0, 1e-12);
        Row first = scored.first();
        List<Double> p = first.getList(first.fieldIndex("probability"));
        List<Double> raw = first.getList(first.fieldIndex("rawPrediction"));
        assertEquals(26, raw.size());
        double max = raw.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        double sum = raw.stream().mapToDouble(v -> Math.exp(v - max)).sum();
        for (int j = 0; j < 26; j++) {
            assertEquals(Math.exp(raw.get(j) - max) / sum, p.get(j), 1e-12, "probability = softmax(rawPrediction)");
        }
    }

    @Test
    void readmeOnnxRuntimeExample() throws Exception {
        SparkSession spark = SharedSpark.session();
        TrainConfig config = TrainConfig.builder().label("label").layers(16, 64, 26).epochs(3).batchSize(512).seed(1)
            .build();
        SparkMlpModel model = new SparkTrainer(config).fit(SparkData.read(spark, "data/letter/train.csv.gz", null));
        String file = tmp.resolve("models/letter.onnx").toString();
        model.exportOnnx(file);

        long[] label;
        float[][] probability;
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(file, new OrtSession.SessionOptions());
             OnnxTensor x = OnnxTensor.createTensor(env, new float[][] {{2, 8, 3, 5, 1, 8, 13, 0, 6, 6, 10, 8, 0, 8, 0, 8}});
             OrtSession.Result out = session.run(Map.of("features", x))) {
            label = (long[]) out.get("label").get().getValue();
            probability = (float[][]) out.get("probability").get().getValue();
        }

        Predictor predictor = model.model().newPredictor(1);
        predictor.setRow(0, new double[] {2, 8, 3, 5, 1, 8, 13, 0, 6, 6, 10, 8, 0, 8, 0, 8});
        Matrix p = predictor.run(1);
        int best = 0;
        for (int c = 0; c < 26; c++) {
            assertEquals(p.get(0, c), probability[0][c], 1e-5, "probability of class " + c);
            best = p.get(0, c) > p.get(0, best) ? c : best;
        }
        assertEquals(best, label[0], "the label is the model's prediction");
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
