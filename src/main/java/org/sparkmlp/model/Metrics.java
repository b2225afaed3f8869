package org.sparkmlp.model;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sparkmlp.math.Checks;

/**
 * Evaluation metrics accumulated one prediction at a time and mergeable across partitions; every
 * example counts with its weight (1 unless sample or class weights say otherwise).
 *
 * <p>Classification: {@code accuracy}, {@code loss} (the mean cross-entropy, or log-loss, in nats),
 * {@code macroF1}, and per class {@code precision.k}, {@code recall.k} and {@code f1.k}, from a weighted
 * confusion matrix (rows: true class, columns: predicted class). Regression: {@code rmse}, {@code mae}
 * and {@code r2}, in the label's own units.
 */
public final class Metrics implements Serializable {
    private static final long serialVersionUID = 2L;

    /** Probabilities are floored here before the log, so one confident mistake costs at most ~690 nats. */
    private static final double MIN_PROBABILITY = 1e-300;

    private final int numClasses;
    private long count;
    private double weight;
    private double correct;
    private double logLossSum;
    private final double[] confusion;
    private double sse;
    private double sae;
    private double labelMean;
    private double labelM2;
    /** The first {@link #SAMPLE} regression examples, as (actual, predicted) pairs, for plots. */
    private double[] pairs;
    private int sampled;

    /** How many (actual, predicted) pairs regression metrics keep for a plot. */
    public static final int SAMPLE = 500;

    /** @param numClasses the classifier's class count, or 0 for regression */
    public Metrics(int numClasses) {
        Checks.arg(numClasses == 0 || numClasses >= 2, "numClasses must be 0 (regression) or >= 2, got %s", numClasses);
        this.numClasses = numClasses;
        this.confusion = new double[numClasses * numClasses];
    }

    /** The class count, 0 for regression. */
    public int numClasses() {
        return numClasses;
    }

    public boolean isClassification() {
        return numClasses > 0;
    }

    /** Adds one classified example with weight 1. */
    public void addClassification(double[] probabilities, int offset, int label) {
        addClassification(probabilities, offset, label, 1.0);
    }

    /** Adds one classified example: its class probabilities, its true class and its weight. */
    public void addClassification(double[] probabilities, int offset, int label, double w) {
        Checks.arg(isClassification(), "regression metrics got a classification example");
        Checks.arg(label >= 0 && label < numClasses, "label %s is outside [0, %s)", label, numClasses);
        int best = 0;
        for (int j = 1; j < numClasses; j++) {
            if (probabilities[offset + j] > probabilities[offset + best]) {
                best = j;
            }
        }
        count++;
        weight += w;
        if (best == label) {
            correct += w;
        }
        confusion[label * numClasses + best] += w;
        logLossSum -= w * Math.log(Math.max(probabilities[offset + label], MIN_PROBABILITY));
    }

    /** Adds one regression example with weight 1. */
    public void addRegression(double prediction, double label) {
        addRegression(prediction, label, 1.0);
    }

    /** Adds one regression example: the prediction and the true value, in the label's units, and its weight. */
    public void addRegression(double prediction, double label, double w) {
        Checks.arg(!isClassification(), "classification metrics got a regression example");
        if (w == 0) {
            count++;
            return;
        }
        count++;
        keep(label, prediction);
        double e = prediction - label;
        sse += w * e * e;
        sae += w * Math.abs(e);
        double total = weight + w;
        double d = label - labelMean;
        labelMean += d * w / total;
        labelM2 += w * d * (label - labelMean);
        weight = total;
    }

    private void keep(double actual, double predicted) {
        if (sampled < SAMPLE) {
            if (pairs == null) {
                pairs = new double[2 * SAMPLE];
            }
            pairs[2 * sampled] = actual;
            pairs[2 * sampled + 1] = predicted;
            sampled++;
        }
    }

    /** Up to {@link #SAMPLE} regression examples as {@code {actual, predicted}} rows, in the order seen. */
    public double[][] sample() {
        double[][] out = new double[sampled][];
        for (int i = 0; i < sampled; i++) {
            out[i] = new double[] {pairs[2 * i], pairs[2 * i + 1]};
        }
        return out;
    }

    /** Merges {@code other} into this and returns this; {@code other} is not modified. */
    public Metrics merge(Metrics other) {
        Checks.arg(other.numClasses == numClasses, "cannot merge metrics of %s and %s classes", numClasses,
            other.numClasses);
        count += other.count;
        for (int i = 0; i < other.sampled; i++) {
            keep(other.pairs[2 * i], other.pairs[2 * i + 1]);
        }
        if (other.weight == 0) {
            return this;
        }
        double total = weight + other.weight;
        double d = other.labelMean - labelMean;
        labelM2 += other.labelM2 + d * d * (weight * other.weight / total);
        labelMean += d * other.weight / total;
        weight = total;
        correct += other.correct;
        logLossSum += other.logLossSum;
        for (int i = 0; i < confusion.length; i++) {
            confusion[i] += other.confusion[i];
        }
        sse += other.sse;
        sae += other.sae;
        return this;
    }

    public long count() {
        return count;
    }

    /** The total weight of the examples: their count when none is weighted. */
    public double weight() {
        return weight;
    }

    /** The weighted confusion matrix, {@code [true class][predicted class]}; empty for regression. */
    public double[][] confusionMatrix() {
        double[][] m = new double[numClasses][numClasses];
        for (int i = 0; i < numClasses; i++) {
            System.arraycopy(confusion, i * numClasses, m[i], 0, numClasses);
        }
        return m;
    }

    /** The metrics by name, in a stable order, with {@code count} first. */
    public Map<String, Double> toMap() {
        Checks.state(weight > 0, "no examples were evaluated");
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("count", (double) count);
        if (weight != count) {
            m.put("weight", weight);
        }
        if (isClassification()) {
            m.put("accuracy", correct / weight);
            m.put("loss", logLossSum / weight);
            double[] precision = new double[numClasses];
            double[] recall = new double[numClasses];
            double[] f1 = new double[numClasses];
            double f1Sum = 0;
            for (int k = 0; k < numClasses; k++) {
                double tp = confusion[k * numClasses + k];
                double predicted = 0;
                double actual = 0;
                for (int j = 0; j < numClasses; j++) {
                    predicted += confusion[j * numClasses + k];
                    actual += confusion[k * numClasses + j];
                }
                precision[k] = predicted > 0 ? tp / predicted : 0;
                recall[k] = actual > 0 ? tp / actual : 0;
                f1[k] = precision[k] + recall[k] > 0 ? 2 * precision[k] * recall[k] / (precision[k] + recall[k]) : 0;
                f1Sum += f1[k];
            }
            m.put("macroF1", f1Sum / numClasses);
            for (int k = 0; k < numClasses; k++) {
                m.put("precision." + k, precision[k]);
                m.put("recall." + k, recall[k]);
                m.put("f1." + k, f1[k]);
            }
        } else {
            m.put("rmse", Math.sqrt(sse / weight));
            m.put("mae", sae / weight);
            m.put("r2", labelM2 > 0 ? 1 - sse / labelM2 : Double.NaN);
        }
        return m;
    }
}
