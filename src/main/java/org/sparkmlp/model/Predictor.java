package org.sparkmlp.model;

import org.sparkmlp.data.DataBlock;
import org.sparkmlp.data.Preprocessor;
import org.sparkmlp.math.Checks;
import org.sparkmlp.math.Matrix;
import org.sparkmlp.math.SparseRows;
import org.sparkmlp.math.Precision;
import org.sparkmlp.nn.MLP;
import org.sparkmlp.nn.Task;
import org.sparkmlp.nn.loss.Targets;

/**
 * Runs a model over batches of raw rows with buffers allocated once: the model's network in double
 * precision, in inference mode. Metrics come from the same network's loss. One per thread: it owns a
 * network instance and its buffers.
 */
public final class Predictor {
    private final Preprocessor prep;
    private final MLP net;
    private final Matrix x;
    private final int d;
    private final Preprocessor.Scaler scaler;
    private final Task task;
    private final Targets classes;
    private final Targets values;
    private final double[] labels;
    private final double[] weights;
    private SparseRows sparseX;

    Predictor(MlpModel model, int capacity) {
        Checks.arg(capacity > 0, "capacity must be > 0, got %s", capacity);
        this.prep = model.preprocessor();
        this.net = MLP.fromFlat(model.spec(), Precision.DOUBLE, model.params());
        this.d = model.spec().inputDim();
        this.x = new Matrix(capacity, d);
        this.scaler = prep.scaler();
        this.task = model.task();
        this.classes = task.classIndices() ? Targets.classBuffer(capacity) : null;
        this.values = task == Task.MULTI_LABEL ? Targets.valueBuffer(Precision.DOUBLE, capacity, prep.numLabels()) : null;
        this.labels = new double[capacity * prep.numLabels()];
        this.weights = new double[capacity];
    }

    /** The number of rows one call can take. */
    public int capacity() {
        return weights.length;
    }

    /** Standardises raw row {@code raw} into slot {@code r} of the batch. */
    public void setRow(int r, double[] raw) {
        if (raw.length != d) {
            throw new IllegalArgumentException("row has " + raw.length + " features, the model expects " + d);
        }
        scaler.features(raw, x, r);
    }

    /**
     * Runs the network over the first {@code rows} slots. Returns {@code [rows x outDim]}: class
     * probabilities, label probabilities (multi-label), or regression predictions already in the labels'
     * units. Valid until the next call.
     */
    public Matrix run(int rows) {
        Checks.arg(rows <= capacity(), "%s rows exceed the predictor's capacity of %s", rows, capacity());
        x.resizeRows(rows);
        return unscaled(net.forward(x), rows);
    }

    /** {@code out} with a regression's outputs in the labels' units. */
    private Matrix unscaled(Matrix out, int rows) {
        if (task.scalesLabels()) {
            double[] o = out.data();
            int k = out.cols();
            for (int i = 0; i < rows * k; i++) {
                o[i] = prep.unscaleLabel(i % k, o[i]);
            }
        }
        return out;
    }

    /** The class scores before the softmax of the last {@link #run} (classification), else null. */
    public Matrix logits() {
        return net.logits();
    }

    /**
     * Adds every row of a cached block to {@code metrics}, each with its sample weight times its class's
     * weight in {@code classWeights} (null for none).
     */
    public void evaluate(DataBlock block, Metrics metrics, double[] classWeights) {
        int cap = capacity();
        int k = prep.numLabels();
        for (int start = 0; start < block.rows(); start += cap) {
            int n = Math.min(cap, block.rows() - start);
            if (block.sparse() != null) {
                sparseRows().clear();
            }
            for (int r = 0; r < n; r++) {
                if (block.sparse() != null) {
                    scaler.features(block, start + r, sparseX);
                } else {
                    scaler.features(block, start + r, x, r);
                }
                for (int j = 0; j < k; j++) {
                    labels[r * k + j] = block.label(start + r, j);
                }
                double w = block.weight(start + r);
                if (classWeights != null) {
                    w *= classWeights[prep.classIndex(block.label(start + r))];
                }
                weights[r] = w;
            }
            evaluate(n, metrics, block.sparse() != null);
        }
    }

    /** The sparse batch buffer, allocated for the first sparse row. */
    private SparseRows sparseRows() {
        if (sparseX == null) {
            sparseX = new SparseRows(d, capacity(), capacity() * 16);
        }
        return sparseX;
    }

    /** Empties the sparse batch, for {@link #addSparseRow} to fill from slot 0. */
    public void clearSparseRows() {
        sparseRows().clear();
    }

    /**
     * Scales the raw sparse row {@code values} at {@code columns} (ascending, {@code n} of them) into the next
     * slot of the sparse batch, which {@link #runSparse} runs.
     */
    public void addSparseRow(int[] columns, float[] values, int n) {
        scaler.features(columns, values, n, sparseRows());
    }

    /** {@link #run} over the rows {@link #addSparseRow} added since {@link #clearSparseRows}. */
    public Matrix runSparse() {
        return unscaled(net.forward(sparseRows()), sparseRows().rows());
    }

    /** {@link #evaluate(DataBlock, Metrics, double[])} without class weights. */
    public void evaluate(DataBlock block, Metrics metrics) {
        evaluate(block, metrics, null);
    }

    /**
     * Runs the first {@code rows} slots, set with {@link #setRow}, and adds them to {@code metrics} with
     * their true labels, {@code labels[r * numLabels + j]}, each weighing 1.
     */
    public void evaluate(int rows, double[] labels, Metrics metrics) {
        System.arraycopy(labels, 0, this.labels, 0, rows * prep.numLabels());
        java.util.Arrays.fill(weights, 0, rows, 1.0);
        evaluate(rows, metrics);
    }

    private void evaluate(int rows, Metrics metrics) {
        evaluate(rows, metrics, false);
    }

    private void evaluate(int rows, Metrics metrics, boolean sparse) {
        Matrix out = sparse ? runSparse() : run(rows);
        if (prep.isClassification()) {
            int[] c = classes.rows(rows).classes();
            for (int r = 0; r < rows; r++) {
                c[r] = prep.classIndex(labels[r]);
            }
            net.loss().forward(out, classes);
            double[] loss = net.loss().rowLosses();
            for (int r = 0; r < rows; r++) {
                metrics.addClassification(out, r, c[r], weights[r], loss[r]);
            }
        } else if (task == Task.MULTI_LABEL) {
            int k = out.cols();
            values.rows(rows);
            System.arraycopy(labels, 0, values.values().data(), 0, rows * k);
            net.loss().forward(out, values);
            double[] loss = net.loss().rowLosses();
            for (int r = 0; r < rows; r++) {
                metrics.addMultiLabel(out, r, labels, r * k, weights[r], loss[r]);
            }
        } else {
            int k = out.cols();
            for (int r = 0; r < rows; r++) {
                metrics.addRegression(out.data(), r * k, labels, r * k, weights[r]);
            }
        }
    }
}
