package org.sparkmlp.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.sparkmlp.math.Checks;

/**
 * All trainable parameters of a model in one flat {@code double[]}, with a gradient array of the same
 * length. Layers hold (array, offset) views into both. This vector is what is broadcast to executors,
 * summed across partitions, updated by optimizers and saved.
 */
public final class FlatParams {
    private final double[] values;
    private final double[] grads;
    private final List<Segment> segments;

    /** A named, shaped slice of the flat vector, e.g. {@code layer0.w [784 x 128] at 0}. */
    public record Segment(String name, int offset, int rows, int cols) {
        public int length() {
            return rows * cols;
        }
    }

    FlatParams(List<Segment> segments) {
        this.segments = List.copyOf(segments);
        int n = segments.isEmpty() ? 0 : segments.get(segments.size() - 1).offset()
            + segments.get(segments.size() - 1).length();
        this.values = new double[n];
        this.grads = new double[n];
    }

    /** The parameter values; modified by training. */
    public double[] values() {
        return values;
    }

    /** The accumulated gradients, same layout as {@link #values()}. */
    public double[] grads() {
        return grads;
    }

    public int size() {
        return values.length;
    }

    public List<Segment> segments() {
        return segments;
    }

    /** Clears the gradient array. */
    public void zeroGrad() {
        Arrays.fill(grads, 0.0);
    }

    /** Copies {@code source} into the values; its length must match. */
    public void load(double[] source) {
        Checks.arg(source.length == values.length,
            "flat parameter array has %s values but the model needs %s", source.length, values.length);
        System.arraycopy(source, 0, values, 0, values.length);
    }

    /** A readable name for element {@code i}, such as {@code layer2.w[3,7]}, for diagnostics. */
    public String nameOf(int i) {
        Checks.index(i, values.length, "parameter index");
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

    /** Collects segments in order while a model is being assembled. */
    static final class Layout {
        private final List<Segment> segments = new ArrayList<>();
        private int next;

        int add(String name, int rows, int cols) {
            int offset = next;
            segments.add(new Segment(name, offset, rows, cols));
            next = Math.addExact(next, Math.multiplyExact(rows, cols));
            return offset;
        }

        List<Segment> segments() {
            return segments;
        }
    }
}
