package org.sparkmlp.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkmlp.onnx.OnnxExport;
import org.sparkmlp.spark.SparkData;
import org.sparkmlp.testutil.Datasets;
import org.sparkmlp.testutil.OnnxRun;
import org.sparkmlp.testutil.SharedSpark;

/**
 * The Spark ML models exported as a Spark ML user would, and checked against their own {@code transform}:
 * ONNX Runtime's outputs for the vectors of the {@code features} column are the {@code probability} and
 * {@code prediction} columns.
 */
class MlpOnnxExportTest {
    @TempDir
    Path tmp;

    private static Dataset<Row> letters(String file) {
        Dataset<Row> df = SparkData.read(SharedSpark.session(), Datasets.repo("letter/" + file).toString(), null);
        String[] features = java.util.Arrays.stream(df.columns()).filter(c -> !c.equals("label")).toArray(String[]::new);
        return new VectorAssembler().setInputCols(features).setOutputCol("features").transform(df).select("features",
            "label");
    }

    @Test
    void aClassifiersFileGivesItsProbabilityAndPredictionColumns() throws Exception {
        MlpClassificationModel model = new MlpClassifier().setLayers(new int[] {16, 48, 26}).setMaxIter(3)
            .setBatchSize(256).setStepSize(0.01).setSeed(4L).fit(letters("train.csv.gz"));
        Path file = tmp.resolve("letter.onnx");
        model.exportOnnx(file.toString());

        List<Row> scored = model.transform(letters("test.csv.gz")).select("features", "probability", "prediction")
            .collectAsList();
        Map<String, Object> out = OnnxRun.run(Files.readAllBytes(file), OnnxExport.INPUT, column(scored, 0));
        float[][] probability = (float[][]) out.get(OnnxExport.PROBABILITY);
        long[] label = (long[]) out.get(OnnxExport.LABEL);
        double worst = 0;
        for (int r = 0; r < scored.size(); r++) {
            double[] p = ((Vector) scored.get(r).get(1)).toArray();
            for (int c = 0; c < p.length; c++) {
                worst = Math.max(worst, Math.abs(p[c] - probability[r][c]));
            }
            assertEquals(scored.get(r).getDouble(2), (double) label[r], "row " + r);
        }
        assertTrue(worst <= 1e-5, "largest probability difference " + worst);
    }

    @Test
    void aClassifiersThresholdsChooseTheFilesLabelAsTheyChooseThePredictionColumn() throws Exception {
        MlpClassificationModel model = new MlpClassifier().setLayers(new int[] {16, 32, 26}).setMaxIter(3)
            .setBatchSize(256).setStepSize(0.01).setSeed(5L).fit(letters("train.csv.gz"));
        Dataset<Row> test = letters("test.csv.gz");
        double[] favourFirst = new double[26];
        java.util.Arrays.fill(favourFirst, 1.0);
        favourFirst[0] = 0.02;
        double[] zeroForFifth = new double[26];
        java.util.Arrays.fill(zeroForFifth, 0.5);
        zeroForFifth[4] = 0;
        for (double[] thresholds : List.of(favourFirst, zeroForFifth)) {
            model.setThresholds(thresholds);
            Path file = tmp.resolve("thresholded.onnx");
            model.exportOnnx(file.toString());
            List<Row> scored = model.transform(test).select("features", "probability", "prediction").collectAsList();
            long[] label = (long[]) OnnxRun.run(Files.readAllBytes(file), OnnxExport.INPUT, column(scored, 0))
                .get(OnnxExport.LABEL);
            int moved = 0;
            for (int r = 0; r < scored.size(); r++) {
                assertEquals(scored.get(r).getDouble(2), (double) label[r], "row " + r);
                moved += ((Vector) scored.get(r).get(1)).argmax() != label[r] ? 1 : 0;
            }
            assertTrue(moved > 100, "the thresholds change " + moved + " labels of " + scored.size());
        }
        model.clear(model.thresholds());
    }

    @Test
    void aRegressorsFileGivesItsPredictionColumnInTheLabelsUnits() throws Exception {
        MlpRegressionModel model = new MlpRegressor().setLayers(new int[] {3, 16, 1}).setMaxIter(20).setBatchSize(128)
            .setSeed(5L).fit(MlpPipelineTest.curve(3000, 9));
        Path file = tmp.resolve("curve.onnx");
        model.exportOnnx(file.toString(), 13);

        List<Row> scored = model.transform(MlpPipelineTest.curve(1000, 10)).select("features", "prediction")
            .collectAsList();
        float[][] prediction = (float[][]) OnnxRun.run(Files.readAllBytes(file), OnnxExport.INPUT, column(scored, 0))
            .get(OnnxExport.PREDICTION);
        double worst = 0;
        for (int r = 0; r < scored.size(); r++) {
            double want = scored.get(r).getDouble(1);
            worst = Math.max(worst, Math.abs(prediction[r][0] - want) / Math.max(1, Math.abs(want)));
        }
        assertTrue(worst <= 1e-5, "largest relative prediction difference " + worst);
    }

    private static double[][] column(List<Row> rows, int i) {
        return rows.stream().map(r -> ((Vector) r.get(i)).toArray()).toArray(double[][]::new);
    }
}
