package org.sparkmlp.data;

import java.io.Serializable;
import java.util.Arrays;
import org.sparkmlp.math.Checks;
import org.sparkmlp.math.SparseRows;
import org.sparkmlp.math.Matrix;

/**
 * Turns raw rows into network inputs and targets, and network outputs back into predictions.
 *
 * <p>Features are standardised, {@code (x - mean) / std}; a feature with zero spread is only centred, and an
 * indicator, a feature whose values are 0 and one other value {@code v} (a one-hot level or a 0/1 flag, scaled
 * or not), is centred and divided by {@code |v|}, so that its two values stay one apart, as scikit-learn's and
 * H2O's one-hot columns do: dividing by its spread would turn a rare level into a large input the network
 * overfits to.
 * For classification ({@code numClasses > 0}) the target is the label's class index; for regression the
 * targets are the standardised labels, {@code (y_j - labelMean_j) / labelStd_j}, one per output, and
 * predictions are mapped back with {@link #unscaleLabel(int, double)}. The statistics are saved with the
 * model so raw data can be fed as is. A classifier has one label, with mean 0 and scale 1.
 */
public record Preprocessor(double[] featureMean, double[] featureStd, double[] labelMean, double[] labelStd,
                           int numClasses) implements Serializable {

    public Preprocessor {
        Checks.arg(featureMean.length == featureStd.length, "%s feature means but %s deviations",
            featureMean.length, featureStd.length);
        for (int j = 0; j < featureStd.length; j++) {
            Checks.arg(Double.isFinite(featureMean[j]) && Double.isFinite(featureStd[j]) && featureStd[j] >= 0,
                "feature %s has mean %s and std %s; both must be finite and std >= 0", j, featureMean[j], featureStd[j]);
        }
        Checks.arg(labelMean.length == labelStd.length && labelMean.length > 0,
            "%s label means but %s label scales", labelMean.length, labelStd.length);
        for (int j = 0; j < labelStd.length; j++) {
            Checks.arg(labelStd[j] > 0 && Double.isFinite(labelStd[j]) && Double.isFinite(labelMean[j]),
                "label scale must be finite and > 0, got mean %s std %s", labelMean[j], labelStd[j]);
        }
        Checks.arg(numClasses >= 0, "numClasses must be >= 0, got %s", numClasses);
        Checks.arg(numClasses == 0 || labelMean.length == 1, "a classifier has one label, got %s", labelMean.length);
        featureMean = featureMean.clone();
        featureStd = featureStd.clone();
        labelMean = labelMean.clone();
        labelStd = labelStd.clone();
    }

    /**
     * Standardises features (indicators to a unit step) and, for regression, each label, using the statistics
     * in {@code summary}. A label with no spread is only centred. Sparse rows are only scaled, not centred, so
     * that they stay sparse.
     */
    public static Preprocessor fit(DataSummary summary, boolean standardizeFeatures, boolean standardizeLabel,
                                   int numClasses) {
        int d = summary.numFeatures();
        double[] mean = standardizeFeatures && !summary.sparse() ? summary.mean() : new double[d];
        double[] std = standardizeFeatures ? summary.std() : filled(d, 1.0);
        if (standardizeFeatures) {
            double[] levels = summary.indicatorLevels();
            for (int j = 0; j < d; j++) {
                if (levels[j] != 0) {
                    std[j] = Math.abs(levels[j]);
                }
            }
        }
        int k = summary.numLabels();
        double[] labelMean = new double[k];
        double[] labelStd = filled(k, 1.0);
        if (numClasses == 0 && standardizeLabel) {
            double[] m = summary.labelMean();
            double[] s = summary.labelStd();
            for (int j = 0; j < k; j++) {
                if (s[j] > 0) {
                    labelMean[j] = m[j];
                    labelStd[j] = s[j];
                }
            }
        }
        return new Preprocessor(mean, std, labelMean, labelStd, numClasses);
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    public int numFeatures() {
        return featureMean.length;
    }

    /** Labels per row: 1 for a classifier, the number of targets for a regression. */
    public int numLabels() {
        return labelMean.length;
    }

    public boolean isClassification() {
        return numClasses > 0;
    }

    /**
     * {@code 1 / std} per feature, or 1 where the feature is constant: a multiply per element in the
     * row loops instead of a branch and a division.
     */
    public double[] inverseStd() {
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

    /** Standardises rows with the preprocessor's statistics, into a buffer of either precision. */
    public static final class Scaler {
        private final double[] mean;
        private final double[] inv;
        private final float[] meanF;
        private final float[] invF;
        /** Whether no feature is centred, so that a sparse row stays sparse. */
        private final boolean uncentred;

        private Scaler(double[] mean, double[] inv) {
            this.mean = mean;
            this.inv = inv;
            this.meanF = new float[mean.length];
            this.invF = new float[inv.length];
            boolean zero = true;
            for (int j = 0; j < mean.length; j++) {
                meanF[j] = (float) mean[j];
                invF[j] = (float) inv[j];
                zero &= mean[j] == 0;
            }
            this.uncentred = zero;
        }

        /**
         * {@code block} with its features standardised in single precision, by the arithmetic the float32
         * gradient pass would otherwise repeat on every row in every iteration.
         */
        public DataBlock standardize(DataBlock block) {
            if (block.sparse() != null) {
                checkUncentred();
                return block.withStandardizedFeatures(block.sparse().scaled(invF));
            }
            float[] raw = block.features();
            float[] x = new float[raw.length];
            int d = meanF.length;
            for (int off = 0; off < raw.length; off += d) {
                for (int j = 0; j < d; j++) {
                    x[off + j] = (raw[off + j] - meanF[j]) * invF[j];
                }
            }
            return block.withStandardizedFeatures(x);
        }

        /**
         * Writes the standardised features of row {@code row} of {@code block} into row {@code slot} of
         * {@code x}: standardised here, or copied when the block already is.
         */
        public void features(DataBlock block, int row, Matrix x, int slot) {
            float[] raw = block.features();
            int off = row * mean.length;
            int xOff = slot * mean.length;
            if (block.standardized()) {
                if (x.isFloat()) {
                    System.arraycopy(raw, off, x.floats(), xOff, mean.length);
                } else {
                    double[] xd = x.data();
                    for (int j = 0; j < mean.length; j++) {
                        xd[xOff + j] = raw[off + j];
                    }
                }
            } else if (x.isFloat()) {
                float[] xf = x.floats();
                for (int j = 0; j < meanF.length; j++) {
                    xf[xOff + j] = (raw[off + j] - meanF[j]) * invF[j];
                }
            } else {
                double[] xd = x.data();
                for (int j = 0; j < mean.length; j++) {
                    xd[xOff + j] = (raw[off + j] - mean[j]) * inv[j];
                }
            }
        }

        /**
         * Appends row {@code row} of the sparse {@code block} to {@code x}, scaled here, or as it is when the
         * block already is.
         */
        public void features(DataBlock block, int row, SparseRows x) {
            checkUncentred();
            x.add(block.sparse(), row, block.standardized() ? null : invF);
        }

        /** Appends the raw sparse row {@code values} at {@code columns} (ascending) to {@code x}, scaled. */
        public void features(int[] columns, float[] values, int n, SparseRows x) {
            checkUncentred();
            x.add(columns, values, 0, n, invF);
        }

        private void checkUncentred() {
            if (!uncentred) {
                throw new IllegalStateException("sparse rows need a preprocessing that does not centre them");
            }
        }

        /**
         * Standardises one raw feature row into row {@code slot} of the double-precision {@code x}. The
         * values are first rounded to single precision, as the training rows were when they were cached, so
         * a row scores the same whether it comes from the cached blocks or from a {@code Dataset<Row>}.
         */
        public void features(double[] raw, Matrix x, int slot) {
            double[] xd = x.data();
            int xOff = slot * mean.length;
            for (int j = 0; j < mean.length; j++) {
                xd[xOff + j] = (roundToFloat(raw[j]) - mean[j]) * inv[j];
            }
        }
    }

    /**
     * {@code (double) (float) v}, computed on the bits of {@code v}: rounded to single precision's 24
     * significant bits, ties to even. The same value as the casts, without the conversion instructions: once
     * the loop in {@link Scaler#features(double[], Matrix, int)} is inlined into its caller, the JIT leaves
     * those scalar, each waiting for the one before, which made standardising a row cost twice what this does.
     */
    static double roundToFloat(double v) {
        long bits = Double.doubleToRawLongBits(v);
        long exponent = (bits >>> 52) & 0x7FF;
        if (exponent < 1023 - 126 || exponent > 1023 + 127) {
            return v == 0 ? v : (float) v;
        }
        long rounded = (bits + 0x0FFFFFFFL + ((bits >>> 29) & 1)) & ~0x1FFFFFFFL;
        return ((rounded >>> 52) & 0x7FF) > 1023 + 127 ? (float) v : Double.longBitsToDouble(rounded);
    }

    /** The class index of {@code label}, checked to be one of the model's classes. */
    public int classIndex(double label) {
        int k = (int) label;
        if (k != label || k < 0 || k >= numClasses) {
            throw new IllegalArgumentException("label " + label + " is not a class index in [0, " + numClasses + ")");
        }
        return k;
    }

    /** The standardised regression target for {@code value} of label {@code j}. */
    public double scaledLabel(int j, double value) {
        return (value - labelMean[j]) / labelStd[j];
    }

    /** Maps output {@code j} of the network back to label {@code j}'s units (regression). */
    public double unscaleLabel(int j, double output) {
        return output * labelStd[j] + labelMean[j];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Preprocessor p && Arrays.equals(featureMean, p.featureMean)
            && Arrays.equals(featureStd, p.featureStd) && Arrays.equals(labelMean, p.labelMean)
            && Arrays.equals(labelStd, p.labelStd) && numClasses == p.numClasses;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(featureMean) + Arrays.hashCode(featureStd) + numClasses;
    }

    @Override
    public String toString() {
        return "Preprocessor(features=" + featureMean.length + ", labels=" + labelMean.length + ", classes="
            + numClasses + ")";
    }
}
