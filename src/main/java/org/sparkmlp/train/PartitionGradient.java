package org.sparkmlp.train;

import java.util.Arrays;
import java.util.List;
import org.sparkmlp.data.DataBlock;
import org.sparkmlp.data.Preprocessor;
import org.sparkmlp.math.Checks;
import org.sparkmlp.math.Matrix;
import org.sparkmlp.math.SparseRows;
import org.sparkmlp.math.Precision;
import org.sparkmlp.nn.MLP;
import org.sparkmlp.nn.ModelSpec;
import org.sparkmlp.nn.loss.Targets;

/**
 * One task's share of an iteration: forward and backward over the rows the {@link BatchPlan} selects in
 * each of the task's partitions ({@link PartitionGroups}), in chunks of at most {@code blockSize} rows,
 * summed into a {@link GradientSum}.
 *
 * <p>Plain Java, called by the single-JVM trainer and by every Spark task alike: the rows go through the
 * model's {@link MLP}, its layers and its loss, in the configured precision. The network and its buffers
 * come from a per-thread {@link Workspace}, so a task allocates nothing per row or per chunk.
 */
public final class PartitionGradient {
    private PartitionGradient() {}

    private static final ThreadLocal<Workspace> WORKSPACE = new ThreadLocal<>();

    /** A cached partition: its index, which seeds its mini-batch draws, and its blocks in their cached order. */
    public record Part(int index, List<DataBlock> blocks) {
    }

    /**
     * One partition's gradient sum for one iteration: {@link #compute(ModelSpec, Preprocessor, Precision,
     * IterationWeights, BatchPlan, long, List, int, double[])} of that partition alone.
     */
    public static GradientSum compute(ModelSpec spec, Preprocessor prep, Precision precision, IterationWeights weights,
                                      BatchPlan plan, long iteration, int partition, List<DataBlock> blocks,
                                      int blockSize, double[] classWeights) {
        return compute(spec, prep, precision, weights, plan, iteration, List.of(new Part(partition, blocks)),
            blockSize, classWeights);
    }

    /**
     * The gradient sum of one task's partitions for one iteration, with a weight per class (null for none):
     * each row counts with its sample weight times its class's weight. Each partition picks its rows as
     * the {@link BatchPlan} says for its index; the rows of all the partitions, in partition order, fill
     * the chunks of at most {@code blockSize} rows the network runs on, so a task pays for one pass over
     * the weights however many partitions it reads. The random choices of a chunk's training pass
     * (dropout masks) are drawn from the seed, the iteration, the first partition's index and the chunk,
     * so a retried task draws the same ones.
     *
     * @param weights the iteration's weights
     * @param parts   the task's partitions, in index order
     * @return the sum, or null when none of the partitions has rows in this iteration
     */
    public static GradientSum compute(ModelSpec spec, Preprocessor prep, Precision precision, IterationWeights weights,
                                      BatchPlan plan, long iteration, List<Part> parts, int blockSize,
                                      double[] classWeights) {
        long start = System.nanoTime();
        Workspace ws = pass(null, spec, prep, precision, weights, plan, iteration, parts, blockSize, classWeights);
        return ws.count == 0 ? null : ws.result().withComputeSeconds((System.nanoTime() - start) * 1e-9);
    }

    /**
     * {@link #compute} for a caller that steps from the sum straight away on the same thread (a task's
     * local round): the gradient is written into {@code into}, with the values {@link #compute}'s result
     * would give the driver (in a single-precision pass, rounded through float as its compact sum is),
     * and the returned sum holds {@code into}, so a step allocates no gradient. Null when the partitions
     * have no rows in this iteration.
     */
    static GradientSum computeInto(double[] into, ModelSpec spec, Preprocessor prep, Precision precision,
                                   IterationWeights weights, BatchPlan plan, long iteration, List<Part> parts,
                                   int blockSize, double[] classWeights) {
        Checks.arg(into.length == spec.numParams(), "a buffer of %s values for a gradient of %s", into.length,
            spec.numParams());
        Workspace ws = pass(into, spec, prep, precision, weights, plan, iteration, parts, blockSize, classWeights);
        return ws.count == 0 ? null : ws.resultInto(into);
    }

    /**
     * The thread's workspace after a pass over the rows {@code parts} give {@code iteration}; a pass in double
     * sums into {@code into} when it is given.
     */
    private static Workspace pass(double[] into, ModelSpec spec, Preprocessor prep, Precision precision,
                                  IterationWeights weights, BatchPlan plan, long iteration, List<Part> parts,
                                  int blockSize, double[] classWeights) {
        Workspace ws = Workspace.forThread(WORKSPACE, spec, prep, precision, blockSize);
        ws.begin(weights, classWeights, into, Seeds.derive(plan.seed(), iteration, parts.isEmpty() ? 0
            : parts.get(0).index()));
        for (Part part : parts) {
            List<DataBlock> blocks = part.blocks();
            if (blocks.stream().anyMatch(DataBlock::validation)) {
                blocks = blocks.stream().filter(b -> !b.validation()).toList();
            }
            if (plan.fullBatch()) {
                for (DataBlock b : blocks) {
                    if (!ws.addWhole(b)) {
                        for (int r = 0; r < b.rows(); r++) {
                            ws.add(b, r);
                        }
                    }
                }
            } else {
                addBatch(ws, plan, iteration, part.index(), blocks);
            }
        }
        ws.flush();
        return ws;
    }

    /** Adds the rows of partition {@code partition} that the plan picks for {@code iteration}. */
    private static void addBatch(Workspace ws, BatchPlan plan, long iteration, int partition, List<DataBlock> blocks) {
        int n = 0;
        for (DataBlock b : blocks) {
            n += b.rows();
        }
        int from = plan.sliceStart(n, iteration, partition);
        int to = plan.sliceEnd(n, iteration, partition);
        if (from == to) {
            return;
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

    /**
     * {@link #compute}, and, when {@code validate}, the metrics of the same weights on the partitions'
     * validation blocks attached to the result (a zero gradient when the partitions train on nothing in
     * this iteration). Null when there is neither.
     */
    public static GradientSum computeAndValidate(ModelSpec spec, Preprocessor prep, Precision precision,
                                                 IterationWeights weights, BatchPlan plan, long iteration,
                                                 List<Part> parts, int blockSize, boolean validate,
                                                 double[] classWeights) {
        GradientSum s = compute(spec, prep, precision, weights, plan, iteration, parts, blockSize, classWeights);
        if (validate) {
            List<DataBlock> all = parts.stream().flatMap(p -> p.blocks().stream()).toList();
            org.sparkmlp.model.Metrics m = validate(org.sparkmlp.model.MlpModel.unnamed(spec, weights.doubles(),
                prep), all, blockSize, classWeights);
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
                    m = model.newMetrics();
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
     * size changes. Rows are copied in one at a time and the network runs whenever a chunk is full; each
     * chunk's gradient is added into a double-precision sum, so float rounding does not build up across
     * chunks.
     */
    static final class Workspace {
        final ModelSpec spec;
        final Preprocessor prep;
        final Preprocessor.Scaler scaler;
        final Precision precision;
        final int capacity;
        private final MLP net;
        private final Matrix x;
        private final Targets targets;
        /** The class index buffer of {@link #targets}, for a classifier; null for a regression. */
        private final int[] classes;
        private final double[] weights;
        /** The chunk's rows when the blocks are sparse; allocated for the first sparse row. */
        private SparseRows sparseX;
        private double[] grad;
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
        private long permEpoch = -1;
        private final java.util.Map<Integer, int[]> perms = new java.util.HashMap<>();

        Workspace(ModelSpec spec, Preprocessor prep, Precision precision, int capacity) {
            this.spec = spec;
            this.prep = prep;
            this.scaler = prep.scaler();
            this.precision = precision;
            this.capacity = capacity;
            this.net = MLP.of(spec, precision).training(true);
            this.x = new Matrix(precision, capacity, spec.inputDim());
            this.targets = prep.isClassification() ? Targets.classBuffer(capacity)
                : Targets.valueBuffer(precision, capacity, prep.numLabels());
            this.classes = prep.isClassification() ? targets.classes() : null;
            this.weights = new double[capacity];
        }

        static Workspace forThread(ThreadLocal<Workspace> holder, ModelSpec spec, Preprocessor prep,
                                   Precision precision, int capacity) {
            Workspace ws = holder.get();
            if (ws == null || ws.capacity != capacity || ws.precision != precision || !ws.spec.equals(spec)
                || !ws.prep.equals(prep)) {
                ws = new Workspace(spec, prep, precision, capacity);
                holder.set(ws);
            }
            return ws;
        }

        /**
         * Starts a pass with these parameters: loads them and clears the sums. A pass in double sums into
         * {@code into} when it is given, else into a new array, which becomes its result.
         */
        void begin(IterationWeights params, double[] classWeights, double[] into, long passSeed) {
            this.passSeed = passSeed;
            this.chunk = 0;
            rows = 0;
            count = 0;
            lossSum = 0;
            weightSum = 0;
            chunkWeighted = false;
            this.classWeights = classWeights;
            params.loadInto(net.params());
            net.zeroGrad();
            if (precision == Precision.FLOAT && grad != null) {
                Arrays.fill(grad, 0.0);
            } else if (precision == Precision.DOUBLE && into != null) {
                Arrays.fill(into, 0.0);
                grad = into;
            } else {
                grad = new double[params.length()];
            }
        }

        /** Copies row {@code row} of {@code block} into the chunk; runs the network when the chunk is full. */
        void add(DataBlock block, int row) {
            if (block.sparse() != null) {
                if (sparseX == null) {
                    sparseX = new SparseRows(spec.inputDim(), capacity, capacity * 16);
                }
                scaler.features(block, row, sparseX);
            } else {
                scaler.features(block, row, x, rows);
            }
            label(block, row, rows);
            if (++rows == capacity) {
                flush();
            }
        }

        /**
         * Runs the network on {@code block} as it is cached, as a chunk of its own, when its features are
         * already standardised in the network's precision; false leaves the block to {@link #add}.
         */
        boolean addWhole(DataBlock block) {
            if (!block.standardized() || precision != Precision.FLOAT || block.rows() == 0 || block.rows() > capacity) {
                return false;
            }
            flush();
            for (int r = 0; r < block.rows(); r++) {
                label(block, r, r);
            }
            if (block.sparse() != null) {
                run(block.sparse(), block.rows());
            } else {
                run(Matrix.wrap(block.rows(), spec.inputDim(), block.features()), block.rows());
            }
            return true;
        }

        /** Sets the target and the weight of slot {@code slot} from row {@code row} of {@code block}. */
        private void label(DataBlock block, int row, int slot) {
            if (prep.isClassification()) {
                classes[slot] = prep.classIndex(block.label(row));
            } else {
                Matrix y = targets.values();
                int k = prep.numLabels();
                for (int j = 0; j < k; j++) {
                    y.setAt(slot * k + j, prep.scaledLabel(j, block.label(row, j)));
                }
            }
            double w = block.weight(row);
            if (classWeights != null) {
                w *= classWeights[prep.classIndex(block.label(row))];
            }
            weights[slot] = w;
            chunkWeighted |= w != 1;
            weightSum += w;
        }

        /** Runs the network over the rows copied in so far. */
        void flush() {
            if (rows > 0) {
                if (sparseX != null && sparseX.rows() > 0) {
                    run(sparseX, rows);
                    sparseX.clear();
                } else {
                    x.resizeRows(rows);
                    run(x, rows);
                }
                rows = 0;
            }
        }

        /** Forward and backward over a chunk of {@code n} rows, its gradient added into the pass's sum. */
        private void run(Matrix input, int n) {
            before(n);
            lossSum += net.lossAndBackward(input, targets);
            after(n);
        }

        /** {@link #run(Matrix, int)} for sparse rows. */
        private void run(SparseRows input, int n) {
            before(n);
            lossSum += net.lossAndBackward(input, targets);
            after(n);
        }

        private void before(int n) {
            net.seed(Seeds.derive(passSeed, chunk++));
            targets.rows(n).weights(chunkWeighted ? weights : null);
        }

        private void after(int n) {
            net.params().drainGrads(grad);
            count += n;
            chunkWeighted = false;
        }

        /** The pass's sum: in a single-precision pass {@link GradientSum#compact compact}, in double as summed. */
        GradientSum result() {
            return precision == Precision.FLOAT ? GradientSum.compact(grad, lossSum, count, weightSum)
                : new GradientSum(grad, lossSum, count, weightSum);
        }

        /**
         * {@link #result}'s gradient in {@code into}, the buffer the pass was given: a pass in double summed
         * into it already; a single-precision pass's sum is rounded through float into it, as its compact
         * sum is.
         */
        GradientSum resultInto(double[] into) {
            if (precision == Precision.FLOAT) {
                for (int i = 0; i < grad.length; i++) {
                    into[i] = (float) grad[i];
                }
            }
            return new GradientSum(into, lossSum, count, weightSum);
        }

        /**
         * The epoch's permutation of partition {@code partition}, kept for every partition this thread reads
         * until the epoch or the plan changes.
         */
        int[] permutation(BatchPlan plan, int n, long epoch, int partition) {
            if (permEpoch != epoch || !plan.equals(permPlan)) {
                perms.clear();
                permPlan = plan;
                permEpoch = epoch;
            }
            int[] perm = perms.get(partition);
            if (perm == null || perm.length != n) {
                perm = plan.permutation(n, epoch, partition);
                perms.put(partition, perm);
            }
            return perm;
        }
    }
}
