package org.sparkmlp.model;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sparkmlp.math.Checks;
import org.sparkmlp.math.Matrix;

/**
 * Evaluation metrics accumulated one prediction at a time and mergeable across partitions; every
 * example counts with its weight (1 unless sample or class weights say otherwise).
 *
 * <p>Classification: {@code accuracy}, {@code loss} (the mean cross-entropy, or log-loss, in nats, as the
 * network's {@link org.sparkmlp.nn.loss.CrossEntropy} computes it for each row), {@code macroF1}, and per
 * class {@code precision.k}, {@code recall.k} and {@code f1.k}, from a weighted confusion matrix (rows: true
 * class, columns: predicted class, the arg max of the probabilities). Regression: {@code rmse}, {@code mae}
 * and {@code r2}, in the labels' own units; with several outputs, {@code rmse} and {@code mae} are over
 * all of them, {@code r2} is the mean of the outputs' R², and {@code rmse.j}, {@code mae.j}, {@code r2.j}
 * are output {@code j}'s. Multi-label ({@link #multiLabel}): {@code accuracy} (the share of labels
 * predicted right, each a yes at probability 0.5 or more), {@code subsetAccuracy} (the share of rows with
 * every label right), {@code loss} (the mean binary cross-entropy per label), {@code macroF1} (the mean of
 * the labels' F1), and per label {@code precision.j}, {@code recall.j} and {@code f1.j}.
 */
public final class Metrics implements Serializable {
    private static final long serialVersionUID = 4L;

    private final int numClasses;
    private final int outputs;
    private long count;
    private double weight;
    private double correct;
    private double logLossSum;
    private final double[] confusion;
    /** A multi-label model's label count, else 0. */
    private final int labels;
    /** Per label: weights of true negatives, false positives, false negatives, true positives. */
    private final double[] outcomes;
    /** Multi-label: the weight of rows with every label right. */
    private double exact;
    private final double[] sse;
    private final double[] sae;
    private final double[] labelMean;
    private final double[] labelM2;
    /** The first {@link #SAMPLE} regression examples, as (actual, predicted) pairs of the first output, for plots. */
    private double[] pairs;
    private int sampled;

    /** How many (actual, predicted) pairs regression metrics keep for a plot. */
    public static final int SAMPLE = 500;

    /** @param numClasses the classifier's class count, or 0 for a regression with one output */
    public Metrics(int numClasses) {
        this(numClasses, 1);
    }

    /**
     * @param numClasses the classifier's class count, or 0 for regression
     * @param outputs    a regression's outputs (ignored for a classifier)
     */
    public Metrics(int numClasses, int outputs) {
        this(numClasses, outputs, 0);
    }

    private Metrics(int numClasses, int outputs, int labels) {
        Checks.arg(numClasses == 0 || numClasses >= 2, "numClasses must be 0 (regression) or >= 2, got %s", numClasses);
        Checks.arg(outputs >= 1, "a regression has at least one output, got %s", outputs);
        this.numClasses = numClasses;
        this.labels = labels;
        this.outcomes = new double[4 * labels];
        this.outputs = numClasses > 0 || labels > 0 ? 0 : outputs;
        this.confusion = new double[numClasses * numClasses];
        this.sse = new double[this.outputs];
        this.sae = new double[this.outputs];
        this.labelMean = new double[this.outputs];
        this.labelM2 = new double[this.outputs];
    }

    /** Empty metrics of a multi-label model with {@code labels} 0/1 labels. */
    public static Metrics multiLabel(int labels) {
        Checks.arg(labels >= 1, "a multi-label model has at least one label, got %s", labels);
        return new Metrics(0, 1, labels);
    }

    /** The class count, 0 for regression. */
    public int numClasses() {
        return numClasses;
    }

    public boolean isClassification() {
        return numClasses > 0;
    }

    /** Whether these are a multi-label model's metrics. */
    public boolean isMultiLabel() {
        return labels > 0;
    }

    /**
     * Adds one multi-label example: row {@code row} of the label probabilities, its 0/1 labels
     * {@code actual[aOff ..]}, its weight, and its loss as the network's loss computed it.
     */
    public void addMultiLabel(Matrix probabilities, int row, double[] actual, int aOff, double w, double loss) {
        Checks.arg(isMultiLabel(), "these metrics are not a multi-label model's");
        count++;
        weight += w;
        logLossSum += w * loss;
        boolean all = true;
        for (int j = 0; j < labels; j++) {
            int predicted = probabilities.at(row * labels + j) >= 0.5 ? 1 : 0;
            int truth = actual[aOff + j] == 1 ? 1 : 0;
            outcomes[4 * j + 2 * truth + predicted] += w;
            all &= predicted == truth;
        }
        if (all) {
            exact += w;
        }
    }

    /**
     * Adds one classified example: row {@code row} of the class probabilities, its true class, its weight,
     * and its loss as the network's loss computed it.
     */
    public void addClassification(Matrix probabilities, int row, int label, double w, double loss) {
        Checks.arg(isClassification(), "regression metrics got a classification example");
        Checks.arg(label >= 0 && label < numClasses, "label %s is outside [0, %s)", label, numClasses);
        int best = probabilities.argmax(row);
        count++;
        weight += w;
        if (best == label) {
            correct += w;
        }
        confusion[label * numClasses + best] += w;
        logLossSum += w * loss;
    }

    /** Adds one regression example of one output with weight 1. */
    public void addRegression(double prediction, double label) {
        addRegression(new double[] {prediction}, 0, new double[] {label}, 0, 1.0);
    }

    /**
     * Adds one regression example: its predictions {@code predicted[pOff ..]} and true values
     * {@code actual[aOff ..]}, one per output, in the labels' units, and its weight.
     */
    public void addRegression(double[] predicted, int pOff, double[] actual, int aOff, double w) {
        Checks.arg(!isClassification() && !isMultiLabel(), "these metrics are not a regression's");
        count++;
        if (w == 0) {
            return;
        }
        keep(actual[aOff], predicted[pOff]);
        double total = weight + w;
        for (int j = 0; j < outputs; j++) {
            double label = actual[aOff + j];
            double e = predicted[pOff + j] - label;
            sse[j] += w * e * e;
            sae[j] += w * Math.abs(e);
            double d = label - labelMean[j];
            labelMean[j] += d * w / total;
            labelM2[j] += w * d * (label - labelMean[j]);
        }
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
        Checks.arg(other.numClasses == numClasses && other.outputs == outputs && other.labels == labels,
            "cannot merge metrics of %s and %s classes (%s and %s outputs)", numClasses, other.numClasses, outputs,
            other.outputs);
        count += other.count;
        for (int i = 0; i < other.sampled; i++) {
            keep(other.pairs[2 * i], other.pairs[2 * i + 1]);
        }
        if (other.weight == 0) {
            return this;
        }
        double total = weight + other.weight;
        for (int j = 0; j < outputs; j++) {
            double d = other.labelMean[j] - labelMean[j];
            labelM2[j] += other.labelM2[j] + d * d * (weight * other.weight / total);
            labelMean[j] += d * other.weight / total;
            sse[j] += other.sse[j];
            sae[j] += other.sae[j];
        }
        weight = total;
        correct += other.correct;
        logLossSum += other.logLossSum;
        for (int i = 0; i < confusion.length; i++) {
            confusion[i] += other.confusion[i];
        }
        for (int i = 0; i < outcomes.length; i++) {
            outcomes[i] += other.outcomes[i];
        }
        exact += other.exact;
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
        } else if (isMultiLabel()) {
            multiLabelMetrics(m);
        } else {
            double sseAll = 0;
            double saeAll = 0;
            double r2Sum = 0;
            double[] r2 = new double[outputs];
            for (int j = 0; j < outputs; j++) {
                sseAll += sse[j];
                saeAll += sae[j];
                r2[j] = labelM2[j] > 0 ? 1 - sse[j] / labelM2[j] : Double.NaN;
                r2Sum += r2[j];
            }
            m.put("rmse", Math.sqrt(sseAll / (weight * outputs)));
            m.put("mae", saeAll / (weight * outputs));
            m.put("r2", r2Sum / outputs);
            if (outputs > 1) {
                for (int j = 0; j < outputs; j++) {
                    m.put("rmse." + j, Math.sqrt(sse[j] / weight));
                    m.put("mae." + j, sae[j] / weight);
                    m.put("r2." + j, r2[j]);
                }
            }
        }
        return m;
    }

    private void multiLabelMetrics(Map<String, Double> m) {
        double right = 0;
        double f1Sum = 0;
        double[][] perLabel = new double[labels][];
        for (int j = 0; j < labels; j++) {
            double tn = outcomes[4 * j];
            double fp = outcomes[4 * j + 1];
            double fn = outcomes[4 * j + 2];
            double tp = outcomes[4 * j + 3];
            right += tn + tp;
            double precision = tp + fp > 0 ? tp / (tp + fp) : 0;
            double recall = tp + fn > 0 ? tp / (tp + fn) : 0;
            double f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
            f1Sum += f1;
            perLabel[j] = new double[] {precision, recall, f1};
        }
        m.put("accuracy", right / (weight * labels));
        m.put("subsetAccuracy", exact / weight);
        m.put("loss", logLossSum / weight);
        m.put("macroF1", f1Sum / labels);
        for (int j = 0; j < labels; j++) {
            m.put("precision." + j, perLabel[j][0]);
            m.put("recall." + j, perLabel[j][1]);
            m.put("f1." + j, perLabel[j][2]);
        }
    }
}
