package org.sparkmlp.data;

import java.io.Serializable;
import java.util.Arrays;
import org.sparkmlp.math.Checks;

/**
 * Turns raw rows into network inputs and targets, and network outputs back into predictions.
 *
 * <p>Features are standardised, {@code (x - mean) / std}; a feature with zero spread is only centred.
 * For classification ({@code numClasses > 0}) the target is the one-hot row of the label; for regression
 * it is the standardised label, {@code (y - labelMean) / labelStd}, and predictions are mapped back with
 * {@link #unscaleLabel(double)}. The statistics are saved with the model so raw data can be fed as is.
 */
public record Preprocessor(double[] featureMean, double[] featureStd, double labelMean, double labelStd,
                           int numClasses) implements Serializable {

    public Preprocessor {
        Checks.arg(featureMean.length == featureStd.length, "%s feature means but %s deviations",
            featureMean.length, featureStd.length);
        for (int j = 0; j < featureStd.length; j++) {
            Checks.arg(Double.isFinite(featureMean[j]) && Double.isFinite(featureStd[j]) && featureStd[j] >= 0,
                "feature %s has mean %s and std %s; both must be finite and std >= 0", j, featureMean[j], featureStd[j]);
        }
        Checks.arg(labelStd > 0 && Double.isFinite(labelStd) && Double.isFinite(labelMean),
            "label scale must be finite and > 0, got mean %s std %s", labelMean, labelStd);
        Checks.arg(numClasses >= 0, "numClasses must be >= 0, got %s", numClasses);
        featureMean = featureMean.clone();
        featureStd = featureStd.clone();
    }

    /** Standardises features and, for regression, the label, using the statistics in {@code summary}. */
    public static Preprocessor fit(DataSummary summary, boolean standardizeFeatures, boolean standardizeLabel,
                                   int numClasses) {
        int d = summary.numFeatures();
        double[] mean = standardizeFeatures ? summary.mean() : new double[d];
        double[] std = standardizeFeatures ? summary.std() : filled(d, 1.0);
        boolean scaleLabel = numClasses == 0 && standardizeLabel && summary.labelStd() > 0;
        return new Preprocessor(mean, std, scaleLabel ? summary.labelMean() : 0.0,
            scaleLabel ? summary.labelStd() : 1.0, numClasses);
    }


    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    public int numFeatures() {
        return featureMean.length;
    }

    public boolean isClassification() {
        return numClasses > 0;
    }

    /** The width of a target row: the class count, or 1 for regression. */
    public int targetDim() {
        return isClassification() ? numClasses : 1;
    }

    /**
     * {@code 1 / std} per feature, or 1 where the feature is constant: a multiply per element in the
     * row loops instead of a branch and a division.
     */
    private double[] inverseStd() {
        double[] inv = new double[featureStd.length];
        for (int j = 0; j < inv.length; j++) {
            inv[j] = featureStd[j] > 0 ? 1.0 / featureStd[j] : 1.0;
        }
        return inv;
    }

    /** Scales rows into a kernel buffer; one per thread, like the buffer it fills. */
    public Scaler scaler() {
        return new Scaler(featureMean, inverseStd());
    }

    /** Standardises rows with the preprocessor's statistics. */
    public static final class Scaler {
        private final double[] mean;
        private final double[] inv;
        private final float[] meanF;
        private final float[] invF;

        private Scaler(double[] mean, double[] inv) {
            this.mean = mean;
            this.inv = inv;
            this.meanF = new float[mean.length];
            this.invF = new float[inv.length];
            for (int j = 0; j < mean.length; j++) {
                meanF[j] = (float) mean[j];
                invF[j] = (float) inv[j];
            }
        }

        /** Single-precision {@link #features(DataBlock, int, double[], int)}. */
        public void features(DataBlock block, int row, float[] x, int xOff) {
            float[] raw = block.features();
            int off = row * meanF.length;
            for (int j = 0; j < meanF.length; j++) {
                x[xOff + j] = (raw[off + j] - meanF[j]) * invF[j];
            }
        }

        /** Writes the standardised features of row {@code row} of {@code block} into {@code x} at {@code xOff}. */
        public void features(DataBlock block, int row, double[] x, int xOff) {
            float[] raw = block.features();
            int off = row * mean.length;
            for (int j = 0; j < mean.length; j++) {
                x[xOff + j] = (raw[off + j] - mean[j]) * inv[j];
            }
        }

        /**
         * Standardises one raw feature row into {@code x} at {@code xOff}. The values are first rounded to
         * single precision, as the training rows were when they were cached, so a row scores the same
         * whether it comes from the cached blocks or from a {@code Dataset<Row>}.
         */
        public void features(double[] raw, double[] x, int xOff) {
            for (int j = 0; j < mean.length; j++) {
                x[xOff + j] = ((float) raw[j] - mean[j]) * inv[j];
            }
        }
    }

    /** Writes the target row for {@code label} (one-hot or scaled) into {@code y} at {@code yOff}. */
    public void target(double label, double[] y, int yOff) {
        if (isClassification()) {
            Arrays.fill(y, yOff, yOff + numClasses, 0.0);
            y[yOff + classIndex(label)] = 1.0;
        } else {
            y[yOff] = scaledLabel(label);
        }
    }

    /** The class index of {@code label}, checked to be one of the model's classes. */
    public int classIndex(double label) {
        int k = (int) label;
        Checks.arg(k == label && k >= 0 && k < numClasses, "label %s is not a class index in [0, %s)", label, numClasses);
        return k;
    }

    /** The standardised regression target for {@code label}. */
    public double scaledLabel(double label) {
        return (label - labelMean) / labelStd;
    }

    /** Maps a network output back to the label's units (regression). */
    public double unscaleLabel(double output) {
        return output * labelStd + labelMean;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Preprocessor p && Arrays.equals(featureMean, p.featureMean)
            && Arrays.equals(featureStd, p.featureStd) && Double.compare(labelMean, p.labelMean) == 0
            && Double.compare(labelStd, p.labelStd) == 0 && numClasses == p.numClasses;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(featureMean) + Arrays.hashCode(featureStd) + numClasses;
    }

    @Override
    public String toString() {
        return "Preprocessor(features=" + featureMean.length + ", classes=" + numClasses + ")";
    }
}
