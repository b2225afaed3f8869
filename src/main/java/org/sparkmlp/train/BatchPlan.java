package org.sparkmlp.train;

import java.io.Serializable;
import java.util.SplittableRandom;
import org.sparkmlp.math.Checks;

/**
 * Which rows each partition uses at each iteration.
 *
 * <p>Full batch ({@code batchSize} 0 or at least the row count): every row, every iteration. Otherwise an
 * epoch is {@code E = ceil(totalRows / batchSize)} iterations. At the start of epoch {@code e}, each
 * partition {@code p} shuffles the indices of its {@code n_p} rows with a generator seeded from
 * {@code (seed, e, p)}, and iteration {@code j} of the epoch takes slice {@code k = (j + p) mod E} of that
 * permutation, {@code [floor(k n_p / E), floor((k+1) n_p / E))}. Every row is used exactly once per epoch,
 * each partition contributes in proportion to its size, the batches add up to about {@code batchSize}
 * examples, and nothing depends on which executor or attempt computes it. The turn by the partition index
 * matters when partitions hold fewer rows than an epoch has iterations: their non-empty slices then fall
 * on different iterations instead of all on the same ones, which would leave other iterations without rows.
 */
public record BatchPlan(long seed, long totalRows, int batchSize) implements Serializable {

    /** The batch size that stands for {@code auto}: see {@link #batchFor}. */
    public static final int AUTO = -1;
    /** The automatic batch size of a table of up to a thousand times as many rows. */
    static final int AUTO_ROWS = 256;
    /** The smallest automatic batch. */
    static final int SMALL_BATCH = 32;

    public BatchPlan {
        Checks.arg(totalRows > 0, "a batch plan needs rows, got %s", totalRows);
        Checks.arg(batchSize >= 0, "batch size must be >= 0, got %s", batchSize);
    }

    /**
     * The batch size to train {@code totalRows} rows with when {@code configured}: {@link #AUTO} is 256 rows
     * (the mini-batch of Keras's and fastai's defaults, scikit-learn's 200 rounded to a power of two), or a
     * thousandth of the rows when that is more, so that an epoch is at most 1000 iterations (each a Spark job);
     * a table of fewer than 2,560 rows takes a tenth of them, at least 32, so that an epoch is still about ten
     * steps, and one of at most 32 rows takes them all (0). Anything else is itself.
     */
    public static int batchFor(int configured, long totalRows) {
        if (configured != AUTO) {
            return configured;
        }
        if (totalRows <= SMALL_BATCH) {
            return 0;
        }
        if (totalRows < 10L * AUTO_ROWS) {
            return (int) Math.max(SMALL_BATCH, totalRows / 10);
        }
        return (int) Math.min(Integer.MAX_VALUE, Math.max(AUTO_ROWS, totalRows / 1000));
    }

    public boolean fullBatch() {
        return batchSize == 0 || batchSize >= totalRows;
    }

    public long iterationsPerEpoch() {
        return fullBatch() ? 1 : (totalRows + batchSize - 1) / batchSize;
    }

    public long epochOf(long iteration) {
        return iteration / iterationsPerEpoch();
    }

    /** First index (inclusive) into the permutation for {@code iteration}, in partition {@code p} of {@code n} rows. */
    public int sliceStart(int n, long iteration, int p) {
        long e = iterationsPerEpoch();
        return (int) (slice(iteration, p) * n / e);
    }

    /** Last index (exclusive) into the permutation for {@code iteration}, in partition {@code p} of {@code n} rows. */
    public int sliceEnd(int n, long iteration, int p) {
        long e = iterationsPerEpoch();
        return (int) ((slice(iteration, p) + 1) * n / e);
    }

    private long slice(long iteration, int p) {
        long e = iterationsPerEpoch();
        return (iteration % e + p % e) % e;
    }

    /** The shuffled order of {@code n} rows of {@code partition} for {@code epoch} (Fisher-Yates). */
    public int[] permutation(int n, long epoch, int partition) {
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, epoch, partition));
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        return perm;
    }
}
