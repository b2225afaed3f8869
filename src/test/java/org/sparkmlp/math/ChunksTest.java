package org.sparkmlp.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

/** Chunked loops cover each element once, and their sums do not depend on how the chunks were spread. */
class ChunksTest {
    private static double[] values(int n, long seed) {
        Random r = new Random(seed);
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextGaussian() * Math.exp(4 * r.nextGaussian());
        }
        return a;
    }

    @Test
    void everyElementIsVisitedOnceOnShortAndLongVectors() {
        for (int n : new int[] {0, 1, Chunks.SIZE - 1, Chunks.PARALLEL_FROM - 1, Chunks.PARALLEL_FROM,
            5 * Chunks.SIZE + 17}) {
            int[] visits = new int[n];
            Chunks.forEach(n, (from, to) -> {
                for (int i = from; i < to; i++) {
                    visits[i]++;
                }
            });
            assertTrue(Arrays.stream(visits).allMatch(v -> v == 1), "n = " + n);
        }
    }

    @Test
    void longVectorsAreSplitAcrossThreads() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(ForkJoinPool.getCommonPoolParallelism() > 0
            && Runtime.getRuntime().availableProcessors() > 1, "one core here");
        ConcurrentHashMap<String, Boolean> threads = new ConcurrentHashMap<>();
        java.util.concurrent.CountDownLatch two = new java.util.concurrent.CountDownLatch(2);
        Chunks.forEach(Chunks.PARALLEL_FROM, (from, to) -> {
            threads.put(Thread.currentThread().getName(), true);
            two.countDown();
            try {
                two.await(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(threads.size() > 1, "chunks ran on " + threads.keySet());
    }

    @Test
    void aRangeIsCutFromItsStart() {
        int from = 12_345;
        int to = from + 3 * Chunks.PARALLEL_FROM + 7;
        int[] visits = new int[to + 10];
        Chunks.forEach(from, to, (a, b) -> {
            for (int i = a; i < b; i++) {
                visits[i]++;
            }
        });
        for (int i = 0; i < visits.length; i++) {
            assertEquals(i >= from && i < to ? 1 : 0, visits[i], "element " + i);
        }
    }

    @Test
    void aSumIsTheChunksSumsAddedInOrderWhetherOrNotTheyRanInParallel() {
        int n = 3 * Chunks.PARALLEL_FROM + 12_345;
        double[] a = values(n, 3);
        double expected = 0;
        for (int c = 0; c * Chunks.SIZE < n; c++) {
            double s = 0;
            for (int i = c * Chunks.SIZE; i < Math.min(n, (c + 1) * Chunks.SIZE); i++) {
                s += a[i] * a[i];
            }
            expected += s;
        }
        Chunks.RangeSum squares = (from, to) -> {
            double s = 0;
            for (int i = from; i < to; i++) {
                s += a[i] * a[i];
            }
            return s;
        };
        for (int rep = 0; rep < 5; rep++) {
            assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(Chunks.sum(n, squares)));
        }
        double plain = 0;
        for (double v : a) {
            plain += v * v;
        }
        assertEquals(plain, Chunks.sum(n, squares), 1e-9 * plain, "the same sum up to rounding");
    }

    @Test
    void aNonFiniteValueIsFoundInAnyChunk() {
        double[] a = values(2 * Chunks.PARALLEL_FROM, 4);
        assertTrue(Chunks.allFinite(a));
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            for (int at : new int[] {0, Chunks.SIZE, a.length - 1}) {
                double[] b = a.clone();
                b[at] = bad;
                assertFalse(Chunks.allFinite(b), bad + " at " + at);
            }
        }
        assertTrue(Chunks.allFinite(new double[] {Double.MAX_VALUE, -Double.MAX_VALUE, 0.0, -0.0}));
    }

    @Test
    void roundingToFloatsIsTheCastOfEachElement() {
        double[] a = values(Chunks.PARALLEL_FROM + 99, 5);
        float[] f = Chunks.toFloats(a);
        float[] expected = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            expected[i] = (float) a[i];
        }
        assertArrayEquals(expected, f);
    }
}
