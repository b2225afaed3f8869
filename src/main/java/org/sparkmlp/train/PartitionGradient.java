package org.sparkmlp.train;

import java.util.Arrays;
import java.util.List;
import org.sparkmlp.data.DataBlock;
import org.sparkmlp.data.Preprocessor;
import org.sparkmlp.math.Matrix;
import org.sparkmlp.nn.FloatMLP;
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
     * @return the partition's sum, or null when it has no rows in this iteration
     */
    public static GradientSum compute(ModelSpec spec, Preprocessor prep, Precision precision, double[] params,
                                      BatchPlan plan, long iteration, int partition, List<DataBlock> blocks,
                                      int blockSize) {
        return compute(spec, prep, precision, params, plan, iteration, partition, blocks, blockSize, null, 0);
    }

    /**
     * {@link #compute(ModelSpec, Preprocessor, Precision, double[], BatchPlan, long, int, List, int)} with a
     * weight per class (null for none): each row counts with its sample weight times its class's weight;
     * and with dropout at {@code dropout} after each hidden activation, its masks drawn from the seed, the
     * iteration, the partition and the chunk, so a retried task draws the same ones.
     */
    public static GradientSum compute(ModelSpec spec, Preprocessor prep, Precision precision, double[] params,
                                      BatchPlan plan, long iteration, int partition, List<DataBlock> blocks,
                                      int blockSize, double[] classWeights, double dropout) {
        long start = System.nanoTime();
        if (blocks.stream().anyMatch(DataBlock::validation)) {
            blocks = blocks.stream().filter(b -> !b.validation()).toList();
        }
        Workspace ws = Workspace.forThread(WORKSPACE, spec, prep, precision, blockSize, dropout);
        ws.begin(params, classWeights, Seeds.derive(plan.seed(), iteration, partition));
        int n = 0;
        for (DataBlock b : blocks) {
            n += b.rows();
        }
        if (plan.fullBatch()) {
            for (DataBlock b : blocks) {
                for (int r = 0; r < b.rows(); r++) {
                    ws.add(b, r);
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
                ws.add(blocks.get(bi), row - starts[bi]);
            }
        }
        ws.flush();
        return ws.count == 0 ? null : ws.result().withComputeSeconds((System.nanoTime() - start) * 1e-9);
    }

    /**
     * {@link #compute}, and, when {@code validate}, the metrics of the same weights on the partition's
     * validation blocks attached to the result (a zero gradient when the partition trains on nothing in
     * this iteration). Null when there is neither.
     */
    public static GradientSum computeAndValidate(ModelSpec spec, Preprocessor prep, Precision precision,
                                                 double[] params, BatchPlan plan, long iteration, int partition,
                                                 List<DataBlock> blocks, int blockSize, boolean validate,
                                                 double[] classWeights, double dropout) {
        GradientSum s = compute(spec, prep, precision, params, plan, iteration, partition, blocks, blockSize,
            classWeights, dropout);
        if (validate) {
            org.sparkmlp.model.Metrics m = validate(org.sparkmlp.model.MlpModel.unnamed(spec, params, prep), blocks,
                blockSize, classWeights);
            if (m != null) {
                s = (s == null ? GradientSum.zero(spec.numParams()) : s).withValidation(m);
            }
        }
        return s;
    }

    /**
     * The metrics of {@code model} on the partition's validation blocks, or null when it has none. The
     * double-precision {@link org.sparkmlp.model.Predictor}, as {@code evaluate} uses.
     */
    public static org.sparkmlp.model.Metrics validate(org.sparkmlp.model.MlpModel model, List<DataBlock> blocks,
                                                      int blockSize, double[] classWeights) {
        org.sparkmlp.model.Metrics m = null;
        org.sparkmlp.model.Predictor predictor = null;
        for (DataBlock b : blocks) {
            if (b.validation()) {
                if (m == null) {
                    m = new org.sparkmlp.model.Metrics(model.numClasses());
                    predictor = model.newPredictor(blockSize);
                }
                predictor.evaluate(b, m, classWeights);
            }
        }
        return m;
    }

    private static int[] blockStarts(List<DataBlock> blocks) {
        int[] starts = new int[blocks.size() + 1];
        for (int i = 0; i < blocks.size(); i++) {
            starts[i + 1] = starts[i] + blocks.get(i).rows();
        }
        return starts;
    }

    /**
     * A thread's network and buffers, rebuilt only when the architecture, preprocessing, precision or block
     * size changes. Rows are copied in one at a time and the network runs whenever a chunk is full.
     */
    abstract static class Workspace {
        final ModelSpec spec;
        final Preprocessor prep;
        final Preprocessor.Scaler scaler;
        final Precision precision;
        final int capacity;
        final double dropout;
        long passSeed;
        long chunk;
        int rows;
        long count;
        double lossSum;
        double weightSum;
        double[] classWeights;
        /** Whether a row of the current chunk weighs other than 1. */
        boolean chunkWeighted;
        private BatchPlan permPlan;
        private long permEpoch;
        private int permPartition;
        private int[] perm;

        Workspace(ModelSpec spec, Preprocessor prep, Precision precision, int capacity, double dropout) {
            this.dropout = dropout;
            this.spec = spec;
            this.prep = prep;
            this.scaler = prep.scaler();
            this.precision = precision;
            this.capacity = capacity;
        }

        static Workspace forThread(ThreadLocal<Workspace> holder, ModelSpec spec, Preprocessor prep,
                                   Precision precision, int capacity, double dropout) {
            Workspace ws = holder.get();
            if (ws == null || ws.capacity != capacity || ws.precision != precision || !ws.spec.equals(spec)
                || !ws.prep.equals(prep) || ws.dropout != dropout) {
                ws = precision == Precision.FLOAT ? new FloatWorkspace(spec, prep, capacity, dropout)
                    : new DoubleWorkspace(spec, prep, capacity, dropout);
                holder.set(ws);
            }
            return ws;
        }

        /** Starts a pass with these parameters: loads them and clears the sums. */
        void begin(double[] params, double[] classWeights, long passSeed) {
            this.passSeed = passSeed;
            this.chunk = 0;
            rows = 0;
            count = 0;
            lossSum = 0;
            weightSum = 0;
            chunkWeighted = false;
            this.classWeights = classWeights;
            load(params);
        }

        void add(DataBlock block, int row) {
            put(block, row, rows);
            double w = block.weight(row);
            if (classWeights != null) {
                w *= classWeights[prep.classIndex(block.label(row))];
            }
            weigh(rows, w);
            chunkWeighted |= w != 1;
            weightSum += w;
            if (++rows == capacity) {
                flush();
            }
        }

        void flush() {
            if (rows > 0) {
                if (dropout > 0) {
                    masks(Seeds.derive(passSeed, chunk++));
                }
                lossSum += run(rows);
                count += rows;
                rows = 0;
                chunkWeighted = false;
            }
        }

        /** Sets the weight of slot {@code slot}'s row. */
        abstract void weigh(int slot, double w);

        /** Seeds the next chunk's dropout masks. */
        abstract void masks(long seed);

        abstract void load(double[] params);

        /** Copies row {@code row} of {@code block} into slot {@code slot} of the chunk. */
        abstract void put(DataBlock block, int row, int slot);

        /** Runs the network over the chunk; returns its summed loss and accumulates its gradient. */
        abstract double run(int chunkRows);

        abstract GradientSum result();

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

    /** The double-precision reference path: {@link MLP} itself. */
    static final class DoubleWorkspace extends Workspace {
        private final MLP net;
        private final Matrix x;
        private final Matrix y;
        private final double[] w;

        DoubleWorkspace(ModelSpec spec, Preprocessor prep, int capacity, double dropout) {
            super(spec, prep, Precision.DOUBLE, capacity, dropout);
            this.net = MLP.fromFlat(spec, new double[spec.numParams()], dropout);
            this.x = new Matrix(capacity, spec.inputDim());
            this.y = new Matrix(capacity, prep.targetDim());
            this.w = new double[capacity];
        }

        @Override
        void weigh(int slot, double weight) {
            w[slot] = weight;
        }

        @Override
        void masks(long seed) {
            net.dropoutMasks(seed);
        }

        @Override
        void load(double[] params) {
            net.params().load(params);
            net.zeroGrad();
        }

        @Override
        void put(DataBlock block, int row, int slot) {
            scaler.features(block, row, x.data(), slot * x.cols());
            prep.target(block.label(row), y.data(), slot * y.cols());
        }

        @Override
        double run(int chunkRows) {
            x.resizeRows(chunkRows);
            y.resizeRows(chunkRows);
            return chunkWeighted ? net.lossAndBackward(x, y, w) : net.lossAndBackward(x, y);
        }

        @Override
        GradientSum result() {
            return new GradientSum(net.params().grads().clone(), lossSum, count, weightSum);
        }
    }

    /** The single-precision path: {@link FloatMLP}, gradients summed in double across chunks. */
    static final class FloatWorkspace extends Workspace {
        private final FloatMLP net;
        private final int d;
        private final int k;
        private double[] grad;

        FloatWorkspace(ModelSpec spec, Preprocessor prep, int capacity, double dropout) {
            super(spec, prep, Precision.FLOAT, capacity, dropout);
            this.net = new FloatMLP(spec, capacity, dropout);
            this.d = spec.inputDim();
            this.k = spec.outputDim();
        }

        @Override
        void load(double[] params) {
            net.load(params);
            // a fresh array per pass: it becomes the task's result
            grad = new double[params.length];
        }

        @Override
        void put(DataBlock block, int row, int slot) {
            scaler.features(block, row, net.input(), slot * d);
            double label = block.label(row);
            if (prep.isClassification()) {
                net.labels()[slot] = prep.classIndex(label);
            } else {
                net.targets()[slot * k] = (float) prep.scaledLabel(label);
            }
        }

        @Override
        double run(int chunkRows) {
            double loss = net.lossAndBackward(chunkRows);
            net.drainGradients(grad);
            return loss;
        }

        @Override
        void weigh(int slot, double weight) {
            net.rowWeights()[slot] = (float) weight;
        }

        @Override
        void masks(long seed) {
            net.dropoutMasks(seed);
        }

        @Override
        GradientSum result() {
            return new GradientSum(grad, lossSum, count, weightSum);
        }
    }
}
