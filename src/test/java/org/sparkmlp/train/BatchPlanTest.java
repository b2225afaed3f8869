package org.sparkmlp.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BatchPlanTest {
    @Test
    void theAutomaticBatchGivesSmallTablesTenStepsAnEpochAndLargeOnesAtMostAThousand() {
        assertEquals(0, BatchPlan.batchFor(BatchPlan.AUTO, 32));
        assertEquals(32, BatchPlan.batchFor(BatchPlan.AUTO, 242));
        assertEquals(100, BatchPlan.batchFor(BatchPlan.AUTO, 1000));
        assertEquals(255, BatchPlan.batchFor(BatchPlan.AUTO, 2559));
        assertEquals(256, BatchPlan.batchFor(BatchPlan.AUTO, 2560));
        assertEquals(256, BatchPlan.batchFor(BatchPlan.AUTO, 60_000));
        assertEquals(2000, BatchPlan.batchFor(BatchPlan.AUTO, 2_000_000));
        assertEquals(64, BatchPlan.batchFor(64, 2_000_000));
        assertEquals(0, BatchPlan.batchFor(0, 2_000_000));
    }

    @Test
    void fullBatchWhenBatchSizeIsZeroOrCoversTheData() {
        assertTrue(new BatchPlan(1, 100, 0).fullBatch());
        assertTrue(new BatchPlan(1, 100, 100).fullBatch());
        assertFalse(new BatchPlan(1, 100, 99).fullBatch());
        assertEquals(1, new BatchPlan(1, 100, 0).iterationsPerEpoch());
    }

    @Test
    void anEpochIsCeilRowsOverBatchIterations() {
        assertEquals(235, new BatchPlan(1, 60_000, 256).iterationsPerEpoch());
        assertEquals(4, new BatchPlan(1, 10, 3).iterationsPerEpoch());
        assertEquals(2, new BatchPlan(1, 10, 3).epochOf(9));
    }

    @Test
    void everyRowOfAPartitionIsUsedExactlyOncePerEpoch() {
        BatchPlan plan = new BatchPlan(42, 1000, 64); // 16 iterations per epoch
        int n = 357;
        for (long epoch = 0; epoch < 3; epoch++) {
            int[] seen = new int[n];
            int[] perm = plan.permutation(n, epoch, 3);
            long first = epoch * plan.iterationsPerEpoch();
            for (long it = first; it < first + plan.iterationsPerEpoch(); it++) {
                int from = plan.sliceStart(n, it, 3);
                int to = plan.sliceEnd(n, it, 3);
                assertTrue(to - from == n / 16 || to - from == n / 16 + 1, "slice size " + (to - from));
                for (int i = from; i < to; i++) {
                    seen[perm[i]]++;
                }
            }
            int[] ones = new int[n];
            Arrays.fill(ones, 1);
            assertArrayEquals(ones, seen, "epoch " + epoch);
        }
    }

    /**
     * 512 partitions of 8 or 9 rows, 18 iterations per epoch: each partition has rows for only about half
     * of the iterations, and those must not all be the same ones.
     */
    @Test
    void tinyPartitionsStillFillEveryIteration() {
        int partitions = 512;
        long rows = 4435;
        BatchPlan plan = new BatchPlan(7, rows, 256);
        long perEpoch = plan.iterationsPerEpoch();
        assertEquals(18, perEpoch);
        long[] batch = new long[(int) perEpoch];
        for (int p = 0; p < partitions; p++) {
            int n = (int) ((p + 1) * rows / partitions - p * rows / partitions);
            int used = 0;
            for (long it = 0; it < perEpoch; it++) {
                int size = plan.sliceEnd(n, it, p) - plan.sliceStart(n, it, p);
                batch[(int) it] += size;
                used += size;
            }
            assertEquals(n, used, "partition " + p + " uses each of its rows once an epoch");
        }
        for (long it = 0; it < perEpoch; it++) {
            assertTrue(Math.abs(batch[(int) it] - 256) <= 30, "iteration " + it + " has " + batch[(int) it] + " rows");
        }
    }

    @Test
    void permutationsDependOnlyOnSeedEpochAndPartition() {
        BatchPlan plan = new BatchPlan(42, 1000, 64);
        assertArrayEquals(plan.permutation(100, 2, 5), new BatchPlan(42, 1000, 64).permutation(100, 2, 5));
        assertFalse(Arrays.equals(plan.permutation(100, 2, 5), plan.permutation(100, 3, 5)), "epochs differ");
        assertFalse(Arrays.equals(plan.permutation(100, 2, 5), plan.permutation(100, 2, 6)), "partitions differ");
        assertFalse(Arrays.equals(plan.permutation(100, 2, 5), new BatchPlan(43, 1000, 64).permutation(100, 2, 5)),
            "seeds differ");
    }
}
