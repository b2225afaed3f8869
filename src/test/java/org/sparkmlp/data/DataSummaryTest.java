package org.sparkmlp.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DataSummaryTest {
    @Test
    void mergedPartitionsEqualOnePassAndTheTextbookFormulas() {
        SplittableRandom rng = new SplittableRandom(345);
        double[][] x = new double[1000][2];
        double[] y = new double[1000];
        for (int i = 0; i < x.length; i++) {
            x[i][0] = 1e4 + rng.nextDouble(); // a large offset, where naive sums of squares lose digits
            x[i][1] = rng.nextInt(5);
            y[i] = rng.nextInt(3);
        }
        List<DataBlock> blocks = BlockBuilder.pack(x, y, 64);
        DataSummary whole = new DataSummary(2);
        blocks.forEach(whole::add);
        DataSummary merged = new DataSummary(2);
        for (int p = 0; p < 3; p++) {
            DataSummary part = new DataSummary(2);
            for (int b = p; b < blocks.size(); b += 3) {
                part.add(blocks.get(b));
            }
            merged.merge(part);
        }
        double[] mean = new double[2];
        double[] var = new double[2];
        for (double[] row : x) {
            for (int j = 0; j < 2; j++) {
                mean[j] += (float) row[j] / 1000.0; // blocks hold float32 values
            }
        }
        for (double[] row : x) {
            for (int j = 0; j < 2; j++) {
                double d = (float) row[j] - mean[j];
                var[j] += d * d / 1000.0;
            }
        }
        for (int j = 0; j < 2; j++) {
            assertEquals(mean[j], whole.mean()[j], 1e-9 * Math.abs(mean[j]));
            assertEquals(mean[j], merged.mean()[j], 1e-9 * Math.abs(mean[j]));
            assertEquals(Math.sqrt(var[j]), whole.std()[j], 1e-6 * Math.sqrt(var[j]));
            assertEquals(Math.sqrt(var[j]), merged.std()[j], 1e-6 * Math.sqrt(var[j]));
        }
        assertEquals(1000, merged.count());
        assertEquals(0.0, merged.labelMin());
        assertEquals(2.0, merged.labelMax());
    }

    @Test
    void indicatorColumnsAreScaledToAUnitStepAndEveryOtherColumnIsStandardised() {
        SplittableRandom rng = new SplittableRandom(7);
        int n = 600;
        double[][] x = new double[n][5];
        for (int i = 0; i < n; i++) {
            boolean rare = rng.nextInt(20) == 0;
            x[i][0] = rare ? 1 : 0; // a rare one-hot level
            x[i][1] = rare ? 4.25 : 0; // the same after a StandardScaler
            x[i][2] = rng.nextInt(3); // 0, 1, 2: a count, not an indicator
            x[i][3] = 5; // constant: only centred
            x[i][4] = i == 0 ? 0 : -2; // zero once, -2 elsewhere
        }
        List<DataBlock> blocks = BlockBuilder.pack(x, new double[n], 50);
        DataSummary whole = new DataSummary(5);
        blocks.forEach(whole::add);
        DataSummary merged = new DataSummary(5);
        for (int p = 0; p < 4; p++) {
            DataSummary part = new DataSummary(5);
            for (int b = p; b < blocks.size(); b += 4) {
                part.add(blocks.get(b));
            }
            merged.merge(part);
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {1, 4.25, 0, 0, -2}, whole.indicatorLevels());
        org.junit.jupiter.api.Assertions.assertArrayEquals(whole.indicatorLevels(), merged.indicatorLevels());
        Preprocessor p = Preprocessor.fit(merged, true, false, 2);
        org.junit.jupiter.api.Assertions.assertArrayEquals(merged.mean(), p.featureMean(), "every feature is centred");
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {1, 4.25, merged.std()[2], 0, 2},
            p.featureStd(), 1e-12);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {1, 1, 1, 1, 1},
            Preprocessor.fit(merged, false, false, 2).featureStd(), "not standardising leaves indicators alone too");
    }

    @Test
    void nonIntegerLabelsAreNoticed() {
        DataSummary s = new DataSummary(1);
        BlockBuilder.pack(new double[][] {{1}, {2}}, new double[] {0, 1.5}, 8).forEach(s::add);
        assertFalse(s.labelsIntegral());
    }

    @Test
    void standardisationCentresAndScalesAndLeavesConstantColumnsUnscaled() {
        DataSummary s = new DataSummary(2);
        BlockBuilder.pack(new double[][] {{1, 7}, {3, 7}}, new double[] {10, 20}, 8).forEach(s::add);
        Preprocessor p = Preprocessor.fit(s, true, true, 0);
        org.sparkmlp.math.Matrix out = new org.sparkmlp.math.Matrix(1, 2);
        p.scaler().features(new double[] {3, 7}, out, 0);
        assertEquals(1.0, out.get(0, 0), 1e-12);
        assertEquals(0.0, out.get(0, 1), 1e-12);
        assertEquals(1.0, p.scaledLabel(0, 20), 1e-12);
        assertEquals(20.0, p.unscaleLabel(0, 1.0), 1e-12);
    }
}
