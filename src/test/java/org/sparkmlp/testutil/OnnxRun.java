package org.sparkmlp.testutil;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sparkmlp.math.Matrix;
import org.sparkmlp.model.MlpModel;
import org.sparkmlp.model.Predictor;

/**
 * Runs an ONNX file with ONNX Runtime, every graph optimisation on, as a serving stack would, and compares its
 * outputs with spark-mlp's own.
 */
public final class OnnxRun {
    private OnnxRun() {}

    /** A session over {@code model} with all of ONNX Runtime's graph optimisations; close it. */
    public static OrtSession session(byte[] model) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        return OrtEnvironment.getEnvironment().createSession(model, options);
    }

    /** Every output of {@code model} for the rows {@code x}, fed as float32 {@code [rows, columns]} to {@code input}. */
    public static Map<String, Object> run(byte[] model, String input, double[][] x) throws OrtException {
        int d = x[0].length;
        float[] flat = new float[x.length * d];
        for (int r = 0; r < x.length; r++) {
            for (int j = 0; j < d; j++) {
                flat[r * d + j] = (float) x[r][j];
            }
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = session(model);
             OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(flat), new long[] {x.length, d});
             OrtSession.Result result = session.run(Map.of(input, t))) {
            Map<String, Object> out = new LinkedHashMap<>();
            result.forEach(e -> {
                try {
                    out.put(e.getKey(), e.getValue().getValue());
                } catch (OrtException ex) {
                    throw new IllegalStateException(ex);
                }
            });
            return out;
        }
    }

    /**
     * Asserts that ONNX Runtime's probabilities are spark-mlp's within 1e-5 and its labels the argmax of
     * spark-mlp's, on every row of {@code table}; returns the accuracy against the table's labels.
     */
    public static double assertSameClassifications(MlpModel m, byte[] onnx, CsvTable table) throws Exception {
        double[][] x = table.columns(m.featureColumns());
        double[] y = java.util.Arrays.stream(table.columns(m.labelColumns())).mapToDouble(r -> r[0]).toArray();
        Map<String, Object> out = run(onnx, org.sparkmlp.onnx.OnnxExport.INPUT, x);
        float[][] probability = (float[][]) out.get(org.sparkmlp.onnx.OnnxExport.PROBABILITY);
        long[] label = (long[]) out.get(org.sparkmlp.onnx.OnnxExport.LABEL);
        Matrix ours = predict(m, x);
        double worst = 0;
        int right = 0;
        for (int r = 0; r < x.length; r++) {
            for (int c = 0; c < m.numClasses(); c++) {
                worst = Math.max(worst, Math.abs(probability[r][c] - ours.get(r, c)));
            }
            assertEquals(ours.argmax(r), label[r], "label of row " + r);
            right += label[r] == y[r] ? 1 : 0;
        }
        assertTrue(worst <= 1e-5, "largest probability difference " + worst);
        return (double) right / x.length;
    }

    /** Asserts that ONNX Runtime's predictions are spark-mlp's within 1e-5 of their size (at least 1). */
    public static void assertSamePredictions(MlpModel m, byte[] onnx, CsvTable table, List<String> labels) throws Exception {
        double[][] x = table.columns(m.featureColumns());
        float[][] prediction = (float[][]) run(onnx, org.sparkmlp.onnx.OnnxExport.INPUT, x).get(org.sparkmlp.onnx.OnnxExport.PREDICTION);
        Matrix ours = predict(m, x);
        double worst = 0;
        double spread = 0;
        for (int r = 0; r < x.length; r++) {
            for (int c = 0; c < labels.size(); c++) {
                double want = ours.get(r, c);
                worst = Math.max(worst, Math.abs(prediction[r][c] - want) / Math.max(1, Math.abs(want)));
                spread = Math.max(spread, Math.abs(want - ours.get(0, c)));
            }
        }
        assertTrue(worst <= 1e-5, "largest relative prediction difference " + worst);
        assertTrue(spread > 0, "the predictions differ from row to row");
    }

    /** spark-mlp's own outputs for the raw rows {@code x}: probabilities, or predictions in the labels' units. */
    public static Matrix predict(MlpModel m, double[][] x) {
        int k = m.spec().outputDim();
        Matrix all = new Matrix(x.length, k);
        Predictor p = m.newPredictor(512);
        for (int start = 0; start < x.length; start += 512) {
            int n = Math.min(512, x.length - start);
            for (int r = 0; r < n; r++) {
                p.setRow(r, x[start + r]);
            }
            Matrix out = p.run(n);
            for (int r = 0; r < n; r++) {
                for (int c = 0; c < k; c++) {
                    all.set(start + r, c, out.get(r, c));
                }
            }
        }
        return all;
    }

}
