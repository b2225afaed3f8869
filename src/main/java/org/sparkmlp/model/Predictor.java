package org.sparkmlp.model;

import org.sparkmlp.data.DataBlock;
import org.sparkmlp.math.Checks;
import org.sparkmlp.math.Matrix;
import org.sparkmlp.nn.MLP;

/**
 * Runs a model over batches of raw rows with buffers allocated once. One per thread: it owns a network
 * instance and its buffers.
 */
public final class Predictor {
    private final MlpModel model;
    private final MLP net;
    private final Matrix x;
    private final int d;
    private final org.sparkmlp.data.Preprocessor.Scaler scaler;

    Predictor(MlpModel model, int capacity) {
        Checks.arg(capacity > 0, "capacity must be > 0, got %s", capacity);
        this.model = model;
        this.net = MLP.fromFlat(model.spec(), model.params());
        this.d = model.spec().inputDim();
        this.x = new Matrix(capacity, d);
        this.scaler = model.preprocessor().scaler();
    }

    /** The number of rows one call can take. */
    public int capacity() {
        return x.data().length / d;
    }

    /** The standardisation buffer to fill: row {@code r} starts at {@code r * numFeatures}. */
    double[] input() {
        return x.data();
    }

    /** Standardises raw row {@code raw} into slot {@code r} of the batch. */
    public void setRow(int r, double[] raw) {
        Checks.arg(raw.length == d, "row has %s features, the model expects %s", raw.length, d);
        scaler.features(raw, x.data(), r * d);
    }

    /**
     * Runs the network over the first {@code rows} slots. Returns {@code [rows x outDim]}: class
     * probabilities, or regression predictions already in the label's units. Valid until the next call.
     */
    public Matrix run(int rows) {
        Checks.arg(rows <= capacity(), "%s rows exceed the predictor's capacity of %s", rows, capacity());
        x.resizeRows(rows);
        Matrix out = net.forward(x);
        if (!model.preprocessor().isClassification()) {
            double[] o = out.data();
            for (int i = 0; i < rows * out.cols(); i++) {
                o[i] = model.preprocessor().unscaleLabel(o[i]);
            }
        }
        return out;
    }

    /** The class scores before the softmax of the last {@link #run} (classification), else null. */
    public Matrix logits() {
        return net.logits();
    }

    /** Adds every row of a cached block to {@code metrics}. */
    public void evaluate(DataBlock block, Metrics metrics) {
        evaluate(block, metrics, null);
    }

    /**
     * Adds every row of a cached block to {@code metrics}, each with its sample weight times its class's
     * weight in {@code classWeights} (null for none).
     */
    public void evaluate(DataBlock block, Metrics metrics, double[] classWeights) {
        int cap = capacity();
        for (int start = 0; start < block.rows(); start += cap) {
            int n = Math.min(cap, block.rows() - start);
            for (int r = 0; r < n; r++) {
                scaler.features(block, start + r, x.data(), r * d);
            }
            Matrix out = run(n);
            for (int r = 0; r < n; r++) {
                double label = block.label(start + r);
                double w = block.weight(start + r);
                if (classWeights != null) {
                    w *= classWeights[(int) label];
                }
                addExample(metrics, out, r, label, w);
            }
        }
    }

    /** Adds output row {@code r} with its true label to {@code metrics}. */
    public void addExample(Metrics metrics, Matrix out, int r, double label) {
        addExample(metrics, out, r, label, 1.0);
    }

    /** {@link #addExample(Metrics, Matrix, int, double)} with the example's weight. */
    public void addExample(Metrics metrics, Matrix out, int r, double label, double weight) {
        int k = out.cols();
        if (model.preprocessor().isClassification()) {
            int cls = (int) label;
            Checks.arg(cls == label, "label %s is not a class index", label);
            metrics.addClassification(out.data(), r * k, cls, weight);
        } else {
            metrics.addRegression(out.data()[r * k], label, weight);
        }
    }
}
