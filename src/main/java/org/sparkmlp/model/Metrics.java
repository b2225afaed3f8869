package org.sparkmlp.model;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sparkmlp.math.Checks;

/**
 * Evaluation metrics accumulated one prediction at a time and mergeable across partitions.
 * Classification: {@code accuracy} and {@code loss} (mean cross-entropy, in nats). Regression:
 * {@code rmse}, {@code mae} and {@code r2}, in the label's own units.
 */
public final class Metrics implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Probabilities are floored here before the log, so one confident mistake costs at most ~690 nats. */
    private static final double MIN_PROBABILITY = 1e-300;

    private final boolean classification;
    private long count;
    private long correct;
    private double logLossSum;
    private double sse;
    private double sae;
    private double labelMean;
    private double labelM2;

    public Metrics(boolean classification) {
        this.classification = classification;
    }

    /** Adds one classified example: its class probabilities and its true class. */
    public void addClassification(double[] probabilities, int offset, int numClasses, int label) {
        Checks.arg(classification, "regression metrics got a classification example");
        Checks.arg(label >= 0 && label < numClasses, "label %s is outside [0, %s)", label, numClasses);
        int best = 0;
        for (int j = 1; j < numClasses; j++) {
            if (probabilities[offset + j] > probabilities[offset + best]) {
                best = j;
            }
        }
        count++;
        if (best == label) {
            correct++;
        }
        logLossSum -= Math.log(Math.max(probabilities[offset + label], MIN_PROBABILITY));
    }

    /** Adds one regression example: the prediction and the true value, both in the label's units. */
    public void addRegression(double prediction, double label) {
        Checks.arg(!classification, "classification metrics got a regression example");
        count++;
        double e = prediction - label;
        sse += e * e;
        sae += Math.abs(e);
        double d = label - labelMean;
        labelMean += d / count;
        labelM2 += d * (label - labelMean);
    }

    /** Merges {@code other} into this and returns this; {@code other} is not modified. */
    public Metrics merge(Metrics other) {
        Checks.arg(other.classification == classification, "cannot merge classification and regression metrics");
        if (other.count == 0) {
            return this;
        }
        long n = count + other.count;
        double d = other.labelMean - labelMean;
        labelM2 += other.labelM2 + d * d * ((double) count * other.count / n);
        labelMean += d * other.count / n;
        count = n;
        correct += other.correct;
        logLossSum += other.logLossSum;
        sse += other.sse;
        sae += other.sae;
        return this;
    }

    public long count() {
        return count;
    }

    /** The metrics by name, in a stable order, with {@code count} first. */
    public Map<String, Double> toMap() {
        Checks.state(count > 0, "no examples were evaluated");
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("count", (double) count);
        if (classification) {
            m.put("accuracy", (double) correct / count);
            m.put("loss", logLossSum / count);
        } else {
            m.put("rmse", Math.sqrt(sse / count));
            m.put("mae", sae / count);
            m.put("r2", labelM2 > 0 ? 1 - sse / labelM2 : Double.NaN);
        }
        return m;
    }
}
