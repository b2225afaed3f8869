package org.sparkmlp.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.sparkmlp.math.Precision;
import org.sparkmlp.nn.MLP;
import org.sparkmlp.nn.ModelSpec;

/**
 * What crosses the wire every iteration, the weights out and the gradient sums back, and how the sums
 * are grouped: exact round trips, the single-precision rounding and its bound, and the groups' order.
 */
class IterationTransferTest {
    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }

    /** Values of every kind, and a length that is not a multiple of the conversion buffer. */
    private static double[] values(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (rng.nextDouble() - 0.5) * Math.pow(10, rng.nextInt(-30, 30));
        }
        v[0] = -0.0;
        v[1] = Double.MIN_VALUE;
        v[2] = Double.MAX_VALUE;
        v[3] = 1e-40;
        return v;
    }

    @Test
    void gradientSumsSurviveSerializationBitForBit() throws Exception {
        double[] g = values(70_001, 1);
        GradientSum full = new GradientSum(g.clone(), 12.5, 9, 7.25).withComputeSeconds(0.5);
        GradientSum back = roundTrip(full);
        assertArrayEquals(g, back.grad());
        assertEquals(12.5, back.lossSum());
        assertEquals(9, back.count());
        assertEquals(7.25, back.weightSum());
        assertEquals(0.5, back.computeSeconds());

        GradientSum compact = GradientSum.compact(g, 12.5, 9, 7.25);
        assertTrue(compact.isCompact());
        assertEquals(4L * g.length, compact.gradientBytes());
        double[] widened = roundTrip(compact).grad();
        for (int i = 0; i < g.length; i++) {
            assertEquals((double) (float) g[i], widened[i], 0.0, "value " + i);
        }
        assertArrayEquals(new double[0], roundTrip(new GradientSum(new double[0], 0, 0)).grad());
    }

    /**
     * The driver's run-long buffer: whatever it held before, a sum accumulated into it has the bits of a
     * sum started from zeros, added in parallel or not, from compact or double partition sums.
     */
    @Test
    void aReusedBufferSumsAsAFreshOneDoes() {
        int n = 17 * org.sparkmlp.math.Chunks.SIZE + 5;
        GradientSum[] parts = {GradientSum.compact(values(n, 11), 1.5, 3, 3), new GradientSum(values(n, 12), 2.5,
            4), GradientSum.compact(values(n, 13), 0.25, 1, 2)};
        GradientSum fresh = GradientSum.zero(n);
        for (GradientSum p : parts) {
            fresh.add(p);
        }
        double[] buffer = values(n, 14);
        buffer[7] = Double.NaN;
        GradientSum reused = GradientSum.reusing(buffer);
        for (GradientSum p : parts) {
            reused.addInParallel(p);
        }
        assertSame(buffer, reused.grad());
        assertEquals(fresh.count(), reused.count());
        assertEquals(fresh.weightSum(), reused.weightSum());
        assertEquals(fresh.lossSum(), reused.lossSum());
        for (int i = 0; i < n; i++) {
            assertEquals(Double.doubleToRawLongBits(fresh.grad()[i]), Double.doubleToRawLongBits(reused.grad()[i]),
                "element " + i);
        }
        assertTrue(java.util.Arrays.stream(GradientSum.reusing(values(n, 15)).grad()).allMatch(v -> v == 0),
            "a reused buffer nothing was added into reads as zeros");
    }

    @Test
    void aCompactSumIsWithinHalfAFloatUlpOfTheDoubleSum() {
        double[] g = values(10_000, 2);
        double[] widened = GradientSum.compact(g, 0, 1, 1).grad();
        for (int i = 0; i < g.length; i++) {
            if (Math.abs(g[i]) >= Float.MIN_NORMAL && Math.abs(g[i]) <= Float.MAX_VALUE) {
                assertTrue(Math.abs(widened[i] - g[i]) <= Math.scalb(Math.abs(g[i]), -24),
                    "value " + i + ": " + g[i] + " became " + widened[i]);
            }
        }
    }

    @Test
    void singlePrecisionWeightsLoadExactlyAsTheNetworkWouldRoundTheDoubles() throws Exception {
        ModelSpec spec = ModelSpec.of(List.of(7, 5, 3), "relu", org.sparkmlp.nn.loss.LossKind.CROSS_ENTROPY);
        double[] params = values(spec.numParams(), 3);
        IterationWeights floats = roundTrip(IterationWeights.of(params, Precision.FLOAT, false));
        assertEquals(4L * params.length, floats.bytes());
        MLP fromFloats = MLP.of(spec, Precision.FLOAT);
        floats.loadInto(fromFloats.params());
        MLP fromDoubles = MLP.of(spec, Precision.FLOAT);
        fromDoubles.params().load(params);
        assertArrayEquals(fromDoubles.params().valueStorage().floats(), fromFloats.params().valueStorage().floats());
        assertThrows(IllegalStateException.class, floats::doubles, "validation needs the doubles");

        IterationWeights validating = roundTrip(IterationWeights.of(params, Precision.FLOAT, true));
        assertArrayEquals(params, validating.doubles());
        IterationWeights inDouble = roundTrip(IterationWeights.of(params, Precision.DOUBLE, false));
        assertEquals(8L * params.length, inDouble.bytes());
        assertArrayEquals(params, inDouble.doubles());
    }

    @Test
    void groupsAreConsecutiveRunsCoveringEveryPartitionOnce() {
        for (int n : new int[] {1, 2, 5, 128, 513}) {
            for (int slots : new int[] {1, 2, 3, 8, 1000}) {
                PartitionGroups groups = PartitionGroups.of(n, slots);
                assertEquals(Math.min(n, slots), groups.groups());
                int next = 0;
                for (int g = 0; g < groups.groups(); g++) {
                    assertEquals(next, groups.first(g));
                    assertTrue(groups.end(g) > groups.first(g), "group " + g + " of " + groups + " is empty");
                    assertTrue(groups.end(g) - groups.first(g) <= (n + groups.groups() - 1) / groups.groups());
                    next = groups.end(g);
                }
                assertEquals(n, next);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new PartitionGroups(4, 5));
    }

    @Test
    void autoDepthSendsFewResultsDirectlyAndManyLargeOnesThroughATree() {
        long mb = 1 << 20;
        assertEquals(3, AggregationPlan.depth(3, 64, mb, 0), "an explicit depth is kept");
        assertEquals(1, AggregationPlan.depth(3, 2, mb, 0), "two tasks' sums have no tree level to go through");
        assertEquals(1, AggregationPlan.depth(0, 2, 40 * mb, 0));
        assertEquals(1, AggregationPlan.depth(0, 8, 2 * mb, 1L << 30));
        assertTrue(AggregationPlan.depth(0, 500, 2 * mb, 1L << 30) >= 2);
        assertEquals(1, AggregationPlan.depth(0, 500, 4096, 1L << 30), "small results go straight to the driver");
        assertTrue(AggregationPlan.depth(0, 40, 40 * mb, 1L << 30) >= 2, "1.6 GB would exceed maxResultSize");
        for (int tasks : new int[] {3, 16, 64, 500, 4000}) {
            for (long bytes : new long[] {4096, mb, 40 * mb}) {
                int d = AggregationPlan.depth(0, tasks, bytes, 0);
                for (int other = 1; other <= 4; other++) {
                    assertTrue(AggregationPlan.seconds(d, tasks, bytes) <= AggregationPlan.seconds(other, tasks, bytes),
                        "depth " + d + " for " + tasks + " tasks of " + bytes + " bytes is not the cheapest");
                }
            }
        }
    }
}
