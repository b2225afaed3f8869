package org.sparkmlp.nn;

import java.util.ArrayList;
import java.util.List;
import org.sparkmlp.math.Checks;
import org.sparkmlp.math.Kernels;
import org.sparkmlp.math.Matrix;
import org.sparkmlp.math.Precision;

/**
 * All trainable parameters of a network in one flat vector, in the network's precision, with a gradient
 * vector of the same length. Layers hold (storage, offset) views into both. This layout is what is
 * broadcast to executors, summed across partitions, updated by optimizers and saved; the trainer keeps
 * its master copy in double and {@link #load loads} it into a network of either precision.
 */
public final class FlatParams {
    private final Matrix values;
    private final Matrix grads;
    private final List<Segment> segments;

    /**
     * A named, shaped slice of the flat vector, e.g. {@code layer0.w [784 x 128] at 0}.
     *
     * @param decay whether weight decay applies to it: weight matrices yes, biases and gains no
     */
    public record Segment(String name, int offset, int rows, int cols, boolean decay) {
        public int length() {
            return rows * cols;
        }
    }

    FlatParams(List<Segment> segments, Precision precision) {
        this.segments = List.copyOf(segments);
        int n = segments.isEmpty() ? 0 : segments.get(segments.size() - 1).offset()
            + segments.get(segments.size() - 1).length();
        this.values = new Matrix(precision, n, 1);
        this.grads = new Matrix(precision, n, 1);
    }

    public Precision precision() {
        return values.precision();
    }

    /** The parameter values of a double-precision network; modified by training. */
    public double[] values() {
        return values.data();
    }

    /** The accumulated gradients of a double-precision network, same layout as {@link #values()}. */
    public double[] grads() {
        return grads.data();
    }

    /** The values as an {@code [n x 1]} matrix in the network's precision: what layers read. */
    public Matrix valueStorage() {
        return values;
    }

    /** The gradients as an {@code [n x 1]} matrix in the network's precision: what layers add into. */
    public Matrix gradStorage() {
        return grads;
    }

    public int size() {
        return values.rows();
    }

    public List<Segment> segments() {
        return segments;
    }

    /** Clears the gradients. */
    public void zeroGrad() {
        if (grads.isFloat()) {
            java.util.Arrays.fill(grads.floats(), 0, size(), 0f);
        } else {
            java.util.Arrays.fill(grads.data(), 0, size(), 0.0);
        }
    }

    /** Copies {@code source} into the values, rounded to the network's precision; its length must match. */
    public void load(double[] source) {
        Checks.arg(source.length == size(),
            "flat parameter array has %s values but the model needs %s", source.length, size());
        Kernels.load(source, values);
    }

    /** Copies single-precision {@code source} into the values of a single-precision network. */
    public void load(float[] source) {
        Checks.arg(source.length == size(),
            "flat parameter array has %s values but the model needs %s", source.length, size());
        Kernels.load(source, values);
    }

    /**
     * Adds the gradients into {@code sum} in double and clears them, so that float rounding does not build
     * up from one chunk of rows to the next.
     */
    public void drainGrads(double[] sum) {
        Checks.arg(sum.length == size(), "gradient sum has %s values, the model %s", sum.length, size());
        Kernels.drain(grads, sum);
    }

    /** A readable name for element {@code i}, such as {@code layer2.w[3,7]}, for diagnostics. */
    public String nameOf(int i) {
        Checks.index(i, size(), "parameter index");
        for (Segment s : segments) {
            if (i < s.offset() + s.length()) {
                int local = i - s.offset();
                return s.cols() == 1 && s.rows() > 1 || s.rows() == 1
                    ? s.name() + "[" + local + "]"
                    : s.name() + "[" + local / s.cols() + "," + local % s.cols() + "]";
            }
        }
        throw new IllegalStateException("segments do not cover index " + i);
    }

    /**
     * Collects segments in order while a network is being assembled. A layer with parameters adds its
     * segments in {@link Layer#describe}; once bound, they lie one after the other from the layer's
     * {@code offset} in {@code params().valueStorage()}, and its gradients in the same range of
     * {@code params().gradStorage()}.
     */
    public static final class Layout {
        private final List<Segment> segments = new ArrayList<>();
        private int next;

        /**
         * Adds a {@code rows x cols} segment named {@code name}, where {@code decay} says whether weight decay
         * applies to it (weights, not biases or gains); returns where it starts in the vector being laid out.
         */
        public int add(String name, int rows, int cols, boolean decay) {
            int offset = next;
            segments.add(new Segment(name, offset, rows, cols, decay));
            next = Math.addExact(next, Math.multiplyExact(rows, cols));
            return offset;
        }

        List<Segment> segments() {
            return segments;
        }

        int size() {
            return next;
        }
    }
}
