package org.sparkmlp.math;

import java.util.stream.IntStream;

/**
 * Loops over long vectors, such as a model's flat parameters, cut into fixed chunks of {@link #SIZE}
 * elements that run on the common fork-join pool once a vector is long enough to pay for it. Element-wise
 * work gives the same bits however it is spread. A sum is taken per chunk and the chunks' sums are added
 * in chunk order, on every vector length and every machine, so it does not depend on the thread count
 * either.
 *
 * <p>For the driver, whose cores are idle between jobs; a task's code stays on its own core.
 */
public final class Chunks {
    /** Elements per chunk. */
    public static final int SIZE = 1 << 16;
    /** The shortest vector whose chunks run in parallel. */
    static final int PARALLEL_FROM = 1 << 20;

    private Chunks() {}

    /** Work on the elements {@code [from, to)}. */
    @FunctionalInterface
    public interface Range {
        void run(int from, int to);
    }

    /** A sum over the elements {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeSum {
        double sum(int from, int to);
    }

    /** Runs {@code body} on every chunk of {@code [0, n)}, in parallel for long vectors. */
    public static void forEach(int n, Range body) {
        if (n < PARALLEL_FROM) {
            body.run(0, n);
            return;
        }
        IntStream.range(0, count(n)).parallel().forEach(c -> body.run(c * SIZE, end(n, c)));
    }

    /** Runs {@code body} on every chunk of {@code [from, to)}. */
    public static void forEach(int from, int to, Range body) {
        forEach(to - from, (a, b) -> body.run(from + a, from + b));
    }

    /** The sum over {@code [0, n)}: {@code body}'s sums of the chunks, added in chunk order. */
    public static double sum(int n, RangeSum body) {
        int chunks = count(n);
        double[] partial = new double[chunks];
        if (n < PARALLEL_FROM) {
            for (int c = 0; c < chunks; c++) {
                partial[c] = body.sum(c * SIZE, end(n, c));
            }
        } else {
            IntStream.range(0, chunks).parallel().forEach(c -> partial[c] = body.sum(c * SIZE, end(n, c)));
        }
        double s = 0;
        for (double p : partial) {
            s += p;
        }
        return s;
    }

    /** Whether every element of {@code a} is finite. */
    public static boolean allFinite(double[] a) {
        return Double.isFinite(sum(a.length, (from, to) -> {
            double zero = 0;
            for (int i = from; i < to; i++) {
                zero += a[i] * 0.0;
            }
            return zero;
        }));
    }

    /** {@code src} rounded to single precision. */
    public static float[] toFloats(double[] src) {
        float[] out = new float[src.length];
        forEach(src.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                out[i] = (float) src[i];
            }
        });
        return out;
    }

    private static int count(int n) {
        return (n + SIZE - 1) / SIZE;
    }

    private static int end(int n, int chunk) {
        return Math.min(n, (chunk + 1) * SIZE);
    }
}
