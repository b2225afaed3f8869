package org.sparkmlp.nn;

import java.util.Arrays;
import org.sparkmlp.math.Activations;
import org.sparkmlp.math.Blas;
import org.sparkmlp.math.Checks;
import org.sparkmlp.nn.loss.LossKind;

/**
 * The gradient pass of a {@link ModelSpec} network in single precision: float32 buffers and
 * single-precision GEMM, which runs at about twice the double-precision rate. It computes what
 * {@link MLP#lossAndBackward} computes, to float rounding, and {@code FloatMLPTest} holds it to that; the
 * double-precision {@link MLP} stays the reference and the network used for gradient checks.
 *
 * <p>The parameters have {@link MLP}'s flat layout. Use per chunk of at most {@code capacity} rows: fill
 * {@link #input()} ({@code [rows x inDim]}) and {@link #labels()} (classification) or {@link #targets()}
 * (regression, {@code [rows x outDim]}), call {@link #lossAndBackward(int)}, then
 * {@link #drainGradients(double[])}, which adds the chunk's gradient into a double-precision sum, so that
 * float rounding does not build up across chunks.
 *
 * <p>Activations are applied in place and only their outputs kept: ReLU, sigmoid and tanh have
 * derivatives that are functions of their outputs. Not thread-safe; one per thread.
 */
public final class FloatMLP {
    private final ModelSpec spec;
    private final int capacity;
    private final int[] widths;
    private final int[] wOff;
    private final float[] w;
    private final float[] g;
    /** {@code act[0]} is the input; {@code act[i]} the output of layer {@code i - 1}, after its activation. */
    private final float[][] act;
    private final float[] scratchA;
    private final float[] scratchB;
    private final int[] labels;
    private final float[] targets;
    private final float[] rowWeights;
    private final double[] shiftedLabelLogit;

    private final double dropout;
    private final float[][] pre;
    private final boolean[][] keep;
    private long passSeed;

    public FloatMLP(ModelSpec spec, int capacity) {
        this(spec, capacity, 0);
    }

    /**
     * @param dropout the rate of inverted dropout after each hidden activation (0 for none), with the
     *                same masks as {@link Dropout} draws from the seeds {@link #dropoutMasks(long)} sets
     */
    public FloatMLP(ModelSpec spec, int capacity, double dropout) {
        Checks.arg(capacity > 0, "capacity must be > 0, got %s", capacity);
        this.spec = spec;
        this.capacity = capacity;
        this.widths = spec.layers().stream().mapToInt(Integer::intValue).toArray();
        int layers = widths.length - 1;
        this.wOff = new int[layers];
        int off = 0;
        int maxWidth = 0;
        for (int i = 0; i < layers; i++) {
            wOff[i] = off;
            off += widths[i] * widths[i + 1] + widths[i + 1];
        }
        for (int width : widths) {
            maxWidth = Math.max(maxWidth, width);
        }
        this.w = new float[off];
        this.g = new float[off];
        this.act = new float[widths.length][];
        for (int i = 0; i < widths.length; i++) {
            act[i] = new float[capacity * widths[i]];
        }
        this.scratchA = new float[capacity * maxWidth];
        this.scratchB = new float[capacity * maxWidth];
        this.labels = new int[capacity];
        this.targets = new float[capacity * widths[layers]];
        this.shiftedLabelLogit = new double[capacity];
        this.rowWeights = new float[capacity];
        Arrays.fill(rowWeights, 1f);
        Checks.arg(dropout >= 0 && dropout < 1, "dropout rate must be in [0, 1), got %s", dropout);
        this.dropout = dropout;
        this.pre = new float[widths.length][];
        this.keep = new boolean[widths.length][];
        if (dropout > 0) {
            for (int i = 1; i + 1 < widths.length; i++) {
                pre[i] = new float[capacity * widths[i]];
                keep[i - 1] = new boolean[capacity * widths[i]];
            }
        }
    }

    /** Seeds the dropout masks of the next pass; hidden layer j draws from {@link Dropout#layerSeed}. */
    public void dropoutMasks(long seed) {
        this.passSeed = seed;
    }

    public ModelSpec spec() {
        return spec;
    }

    public int capacity() {
        return capacity;
    }

    /** The input buffer, {@code [capacity x inDim]} row-major, to fill before {@link #lossAndBackward}. */
    public float[] input() {
        return act[0];
    }

    /** Class indices, one per row (classification). */
    public int[] labels() {
        return labels;
    }

    /**
     * Per-row weights of the loss, one per row, 1 unless set: a row's loss and its gradient are multiplied
     * by its weight.
     */
    public float[] rowWeights() {
        return rowWeights;
    }

    /** Targets, {@code [capacity x outDim]} row-major (regression). */
    public float[] targets() {
        return targets;
    }

    /** Sets the parameters from the flat double-precision vector (rounded to float). */
    public void load(double[] params) {
        Checks.arg(params.length == w.length, "flat parameter array has %s values but spec %s needs %s",
            params.length, spec, w.length);
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) params[i];
        }
    }

    /** Adds the accumulated gradient into {@code sum} and clears it. */
    public void drainGradients(double[] sum) {
        Checks.arg(sum.length == g.length, "gradient sum has %s values, the model %s", sum.length, g.length);
        for (int i = 0; i < g.length; i++) {
            sum[i] += g[i];
        }
        Arrays.fill(g, 0f);
    }

    /**
     * Forward and backward over the first {@code rows} rows of the buffers. Returns the summed loss (the
     * same convention as {@link org.sparkmlp.nn.loss.Loss}) and adds the gradient of that sum into the
     * float accumulator.
     */
    public double lossAndBackward(int rows) {
        Checks.arg(rows > 0 && rows <= capacity, "rows must be in [1, %s], got %s", capacity, rows);
        int layers = widths.length - 1;
        for (int i = 0; i < layers; i++) {
            int in = widths[i];
            int out = widths[i + 1];
            float[] o = act[i + 1];
            int bOff = wOff[i] + in * out;
            for (int r = 0; r < rows; r++) {
                System.arraycopy(w, bOff, o, r * out, out);
            }
            // out[rows x out] += inp[rows x in] · w[in x out]
            Blas.sgemm(false, false, rows, out, in, 1f, act[i], 0, in, w, wOff[i], out, 1f, o, 0, out);
            if (i + 1 < layers) {
                activate(o, rows * out);
                if (dropout > 0) {
                    int n = rows * out;
                    System.arraycopy(o, 0, pre[i + 1], 0, n);
                    Dropout.draw(Dropout.layerSeed(passSeed, i), dropout, n, keep[i]);
                    float scale = (float) (1 / (1 - dropout));
                    boolean[] k = keep[i];
                    for (int e = 0; e < n; e++) {
                        o[e] = k[e] ? o[e] * scale : 0f;
                    }
                }
            }
        }
        // The output layer's loss, leaving d(loss sum)/d(output) in place in act[layers].
        double loss = spec.task() == Task.CLASSIFICATION ? softmaxCrossEntropy(rows) : regressionLoss(rows);

        float[] delta = act[layers];
        for (int i = layers - 1; i >= 0; i--) {
            int in = widths[i];
            int out = widths[i + 1];
            // dw[in x out] += inp^T · delta
            Blas.sgemm(true, false, in, out, rows, 1f, act[i], 0, in, delta, 0, out, 1f, g, wOff[i], out);
            int bOff = wOff[i] + in * out;
            for (int r = 0; r < rows; r++) {
                int row = r * out;
                for (int j = 0; j < out; j++) {
                    g[bOff + j] += delta[row + j];
                }
            }
            if (i == 0) {
                break;
            }
            // dinp[rows x in] = delta · w^T, then through the activation that produced act[i]
            float[] next = delta == scratchA ? scratchB : scratchA;
            Blas.sgemm(false, true, rows, in, out, 1f, delta, 0, out, w, wOff[i], out, 0f, next, 0, in);
            if (dropout > 0) {
                float scale = (float) (1 / (1 - dropout));
                boolean[] k = keep[i - 1];
                for (int e = 0; e < rows * in; e++) {
                    next[e] = k[e] ? next[e] * scale : 0f;
                }
                derive(pre[i], next, rows * in);
            } else {
                derive(act[i], next, rows * in);
            }
            delta = next;
        }
        return loss;
    }

    private void activate(float[] x, int n) {
        switch (spec.activation()) {
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    x[i] = Math.max(0f, x[i]);
                }
            }
            case SIGMOID -> Activations.sigmoid(x, x, n);
            case TANH -> Activations.tanh(x, x, n);
        }
    }

    /** {@code d *= f'(.)}, with {@code f'} from the activation's output {@code a}. */
    private void derive(float[] a, float[] d, int n) {
        switch (spec.activation()) {
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    d[i] = a[i] > 0 ? d[i] : 0f;
                }
            }
            case SIGMOID -> {
                for (int i = 0; i < n; i++) {
                    d[i] *= a[i] * (1f - a[i]);
                }
            }
            case TANH -> {
                for (int i = 0; i < n; i++) {
                    d[i] *= 1f - a[i] * a[i];
                }
            }
        }
    }

    /**
     * Softmax and cross-entropy on the logits in the output buffer: the loss is
     * {@code sum_rows (logsumexp(z) - z_label)} and the buffer becomes {@code p - onehot(label)}.
     */
    private double softmaxCrossEntropy(int rows) {
        int k = widths[widths.length - 1];
        float[] z = act[widths.length - 1];
        for (int r = 0; r < rows; r++) {
            int row = r * k;
            float max = z[row];
            for (int j = 1; j < k; j++) {
                max = Math.max(max, z[row + j]);
            }
            for (int j = 0; j < k; j++) {
                z[row + j] -= max;
            }
            shiftedLabelLogit[r] = z[row + labels[r]];
        }
        Activations.exp(z, z, rows * k);
        double loss = 0;
        for (int r = 0; r < rows; r++) {
            int row = r * k;
            double sum = 0;
            for (int j = 0; j < k; j++) {
                sum += z[row + j];
            }
            float inv = (float) (1.0 / sum);
            for (int j = 0; j < k; j++) {
                z[row + j] *= inv;
            }
            z[row + labels[r]] -= 1f;
            float wr = rowWeights[r];
            if (wr != 1f) {
                for (int j = 0; j < k; j++) {
                    z[row + j] *= wr;
                }
            }
            loss += wr * (Math.log(sum) - shiftedLabelLogit[r]);
        }
        return loss;
    }

    /** MSE or MAE per {@link org.sparkmlp.nn.loss.Loss}'s convention; the buffer becomes the gradient. */
    private double regressionLoss(int rows) {
        int d = widths[widths.length - 1];
        float[] p = act[widths.length - 1];
        boolean mse = spec.loss() == LossKind.MSE;
        double loss = 0;
        float scale = 1f / d;
        for (int i = 0; i < rows * d; i++) {
            float e = p[i] - targets[i];
            float wr = rowWeights[i / d];
            loss += wr * (mse ? (double) e * e : Math.abs(e));
            p[i] = wr * (mse ? 2f * scale * e : scale * Math.signum(e));
        }
        return loss / d;
    }
}
