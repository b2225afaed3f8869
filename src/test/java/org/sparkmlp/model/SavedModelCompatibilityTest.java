package org.sparkmlp.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sparkmlp.math.Matrix;

/**
 * Model directories saved by release 0.1.0 (format version 1: widths and one activation) load and
 * predict bit for bit as that release did. The expected outputs were written by 0.1.0's own predictor,
 * one line per row of the shipped iris data, as the hex bits of each double.
 */
class SavedModelCompatibilityTest {
    private static final Path DIR = Path.of("src/test/resources/models/v0.1.0");

    @ParameterizedTest
    @ValueSource(strings = {"iris-classifier", "iris-regressor"})
    void aModelFromRelease010PredictsBitIdentically(String name) throws IOException {
        MlpModel model = ModelIO.load(DIR.resolve(name));
        List<String> expected = Files.readAllLines(DIR.resolve(name + ".expected.txt")).stream()
            .filter(l -> !l.startsWith("#")).toList();
        List<String> lines = Files.readAllLines(Path.of("data/iris/iris.csv"));
        List<String> header = List.of(lines.get(0).split(","));
        assertEquals(lines.size() - 1, expected.size());
        Predictor predictor = model.newPredictor(1);
        for (int row = 0; row < expected.size(); row++) {
            String[] fields = lines.get(row + 1).split(",");
            double[] raw = new double[model.featureColumns().size()];
            for (int j = 0; j < raw.length; j++) {
                raw[j] = Double.parseDouble(fields[header.indexOf(model.featureColumns().get(j))]);
            }
            predictor.setRow(0, raw);
            Matrix out = predictor.run(1);
            String[] bits = expected.get(row).split(" ");
            int k = out.cols();
            for (int j = 0; j < k; j++) {
                assertEquals(bits[j], hex(out.get(0, j)), name + " row " + row + " output " + j);
            }
            if (model.isClassification()) {
                assertNotNull(predictor.logits());
                for (int j = 0; j < k; j++) {
                    assertEquals(bits[k + j], hex(predictor.logits().get(0, j)), name + " row " + row + " logit " + j);
                }
            }
        }
    }

    private static String hex(double v) {
        return Long.toHexString(Double.doubleToRawLongBits(v));
    }
}
