package org.sparkmlp.train;

import java.util.Arrays;
import java.util.List;
import org.sparkmlp.data.DataBlock;
import org.sparkmlp.data.Preprocessor;
import org.sparkmlp.math.Matrix;
import org.sparkmlp.nn.MLP;
import org.sparkmlp.nn.ModelSpec;

/**
 * One partition's share of an iteration: forward and backward over the rows the {@link BatchPlan}
 * selects, in chunks of at most {@code blockSize} rows, summed into a {@link GradientSum}.
 *
 * <p>Plain Java, called by the single-JVM trainer and by every Spark task alike. The network and its
 * buffers come from a per-thread {@link Workspace}, so a task allocates nothing per row or per chunk.
 */
public final class PartitionGradient {
    private PartitionGradient() {}

    private static final ThreadLocal<Workspace> WORKSPACE = new ThreadLocal<>();

    /**
     * @param params    not modified: the flat parameters of this iteration
     * @param partition the partition's index, which seeds its mini-batch draws
     * @param blocks    the partition's rows, in their cached order
     */
    public static GradientSum compute(ModelSpec spec, Preprocessor prep, double[] params, BatchPlan plan,
                                      long iteration, int partition, List<DataBlock> blocks, int blockSize) {
        Workspace ws = Workspace.forThread(WORKSPACE, spec, prep, blockSize);
        ws.net.params().load(params);
        ws.net.zeroGrad();
        int n = 0;
        for (DataBlock b : blocks) {
            n += b.rows();
        }
        Chunker chunker = new Chunker(ws);
        if (plan.fullBatch()) {
            for (DataBlock b : blocks) {
                for (int r = 0; r < b.rows(); r++) {
                    chunker.add(b, r);
                }
            }
        } else {
            int from = plan.sliceStart(n, iteration);
            int to = plan.sliceEnd(n, iteration);
            if (from == to) {
                return null;
            }
            int[] perm = ws.permutation(plan, n, plan.epochOf(iteration), partition);
            int[] rows = Arrays.copyOfRange(perm, from, to);
            // Sorted, the batch walks the cached blocks front to back; the sum is the same set of rows.
            Arrays.sort(rows);
            int[] starts = blockStarts(blocks);
            int bi = 0;
            for (int row : rows) {
                while (row >= starts[bi + 1]) {
                    bi++;
                }
                chunker.add(blocks.get(bi), row - starts[bi]);
            }
        }
        chunker.flush();
        return chunker.count == 0 ? null : new GradientSum(ws.net.params().grads().clone(), chunker.lossSum, chunker.count);
    }

    private static int[] blockStarts(List<DataBlock> blocks) {
        int[] starts = new int[blocks.size() + 1];
        for (int i = 0; i < blocks.size(); i++) {
            starts[i + 1] = starts[i] + blocks.get(i).rows();
        }
        return starts;
    }

    /** Fills the workspace's input and target buffers row by row and runs the network when full. */
    private static final class Chunker {
        private final Workspace ws;
        private final int d;
        private final int k;
        private int rows;
        private long count;
        private double lossSum;

        Chunker(Workspace ws) {
            this.ws = ws;
            this.d = ws.x.cols();
            this.k = ws.y.cols();
        }

        void add(DataBlock block, int row) {
            ws.scaler.features(block, row, ws.x.data(), rows * d);
            ws.prep.target(block.label(row), ws.y.data(), rows * k);
            if (++rows == ws.capacity) {
                flush();
            }
        }

        void flush() {
            if (rows == 0) {
                return;
            }
            ws.x.resizeRows(rows);
            ws.y.resizeRows(rows);
            lossSum += ws.net.lossAndBackward(ws.x, ws.y);
            count += rows;
            rows = 0;
        }
    }

    /** A thread's network and buffers, rebuilt only when the architecture or block size changes. */
    static final class Workspace {
        final ModelSpec spec;
        final Preprocessor prep;
        final Preprocessor.Scaler scaler;
        final int capacity;
        final MLP net;
        final Matrix x;
        final Matrix y;
        private BatchPlan permPlan;
        private long permEpoch;
        private int permPartition;
        private int[] perm;

        private Workspace(ModelSpec spec, Preprocessor prep, int capacity) {
            this.spec = spec;
            this.prep = prep;
            this.scaler = prep.scaler();
            this.capacity = capacity;
            this.net = MLP.fromFlat(spec, new double[spec.numParams()]);
            this.x = new Matrix(capacity, spec.inputDim());
            this.y = new Matrix(capacity, prep.targetDim());
        }

        static Workspace forThread(ThreadLocal<Workspace> holder, ModelSpec spec, Preprocessor prep, int capacity) {
            Workspace ws = holder.get();
            if (ws == null || ws.capacity != capacity || !ws.spec.equals(spec) || !ws.prep.equals(prep)) {
                ws = new Workspace(spec, prep, capacity);
                holder.set(ws);
            }
            return ws;
        }

        /** The epoch's permutation, kept while consecutive tasks on this thread ask for the same one. */
        int[] permutation(BatchPlan plan, int n, long epoch, int partition) {
            if (perm == null || perm.length != n || permEpoch != epoch || permPartition != partition
                || !plan.equals(permPlan)) {
                perm = plan.permutation(n, epoch, partition);
                permPlan = plan;
                permEpoch = epoch;
                permPartition = partition;
            }
            return perm;
        }
    }
}
