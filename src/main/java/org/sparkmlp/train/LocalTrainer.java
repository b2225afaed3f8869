package org.sparkmlp.train;

import java.util.ArrayList;
import java.util.List;
import org.sparkmlp.data.DataBlock;
import org.sparkmlp.data.DataSummary;
import org.sparkmlp.data.InvalidRowCounts;
import org.sparkmlp.data.Preprocessor;
import org.sparkmlp.model.Metrics;
import org.sparkmlp.model.MlpModel;
import org.sparkmlp.model.Predictor;

/**
 * The single-JVM trainer: the reference the Spark trainer is tested against. It takes the data already
 * split into partitions of blocks and computes exactly what the distributed trainer computes, partition
 * by partition, summing in partition order.
 */
public final class LocalTrainer {
    private LocalTrainer() {}

    /** The summary of all partitions (rows with one label), merged in partition order. */
    public static DataSummary summarize(List<List<DataBlock>> partitions, int numFeatures) {
        return summarize(partitions, numFeatures, 1);
    }

    /** The summary of all partitions, merged in partition order. */
    public static DataSummary summarize(List<List<DataBlock>> partitions, int numFeatures, int numLabels) {
        DataSummary total = new DataSummary(numFeatures, numLabels);
        for (List<DataBlock> part : partitions) {
            DataSummary s = new DataSummary(numFeatures, numLabels);
            part.forEach(b -> {
                if (b.validation()) {
                    s.addHeldOut(b.rows());
                } else {
                    s.add(b);
                }
            });
            total.merge(s);
        }
        return total;
    }

    /** The full gradient sum of one iteration over all partitions, one task per partition. */
    public static GradientSum gradient(TrainingSetup setup, TrainConfig cfg, double[] params, long iteration,
                                       List<List<DataBlock>> partitions) {
        return gradient(setup, cfg, params, iteration, partitions, new PartitionGroups(partitions.size(),
            Math.max(1, partitions.size())));
    }

    /**
     * The full gradient sum of one iteration, with the partitions shared among tasks as {@code groups}
     * says: each group's rows through one pass ({@link PartitionGradient}), the groups' sums added in
     * group order.
     */
    public static GradientSum gradient(TrainingSetup setup, TrainConfig cfg, double[] params, long iteration,
                                       List<List<DataBlock>> partitions, PartitionGroups groups) {
        boolean validate = setup.validatesAt(iteration);
        IterationWeights weights = IterationWeights.of(params, cfg.precision(), validate);
        return inGroupOrder(GradientSum.zero(setup.spec().numParams()), partitions, groups,
            parts -> PartitionGradient.computeAndValidate(setup.spec(), setup.preprocessor(), cfg.precision(), weights,
                setup.plan(), iteration, parts, cfg.blockSize(), validate, setup.classWeights()));
    }

    /**
     * Each group's partitions through {@code task}, the groups run at once on this JVM's cores, their sums
     * (null: nothing) added into {@code total} in group order, as a Spark job's results are: the threads
     * change when a group is computed, never what is added in what order.
     */
    private static GradientSum inGroupOrder(GradientSum total, List<List<DataBlock>> partitions,
                                            PartitionGroups groups,
                                            java.util.function.Function<List<PartitionGradient.Part>, GradientSum> task) {
        List<GradientSum> sums = java.util.stream.IntStream.range(0, groups.groups()).parallel().mapToObj(g -> {
            List<PartitionGradient.Part> parts = new ArrayList<>();
            for (int p = groups.first(g); p < groups.end(g); p++) {
                parts.add(new PartitionGradient.Part(p, partitions.get(p)));
            }
            return task.apply(parts);
        }).toList();
        for (GradientSum s : sums) {
            if (s != null) {
                total.add(s);
            }
        }
        return total;
    }

    /**
     * A local round ({@link LocalRounds}) with the partitions shared among tasks as {@code groups} says, the
     * tasks' sums added in group order.
     */
    public static GradientSum round(TrainingSetup setup, TrainConfig cfg, LocalRounds.Round round,
                                    List<List<DataBlock>> partitions, PartitionGroups groups) {
        return inGroupOrder(GradientSum.zero(LocalRounds.vectorLength(cfg, setup)), partitions, groups,
            parts -> LocalRounds.run(cfg, setup, round, parts));
    }

    /** Trains with one task per partition. */
    public static MlpModel fit(TrainConfig cfg, List<String> featureColumns, List<List<DataBlock>> partitions) {
        return fit(cfg, featureColumns, partitions, Math.max(1, partitions.size()));
    }

    /**
     * Trains as the Spark trainer does on a cluster with {@code slots} task slots: the partitions shared
     * among at most that many tasks ({@link PartitionGroups#of}).
     */
    public static MlpModel fit(TrainConfig cfg, List<String> featureColumns, List<List<DataBlock>> partitions,
                               int slots) {
        return Training.fit(cfg, featureColumns, new InMemory(partitions, PartitionGroups.of(partitions.size(),
            slots)), "the training data", InvalidRowCounts::new, TrainingLoop.IterationListener.NONE, null).model();
    }

    /** Partitions of blocks in this JVM, each group of them one task, summed in group order. */
    private record InMemory(List<List<DataBlock>> parts, PartitionGroups groups) implements Backend {
        @Override
        public DataSummary summarize(int numFeatures, int numLabels) {
            return LocalTrainer.summarize(parts, numFeatures, numLabels);
        }

        @Override
        public int partitions() {
            return parts.size();
        }

        @Override
        public Session start(TrainConfig cfg, TrainingSetup setup) {
            Preprocessor.Scaler scaler = setup.preprocessor().scaler();
            List<List<DataBlock>> cached = !TrainingSetup.standardizesCache(cfg) ? parts : parts.stream()
                .map(part -> part.stream().map(b -> TrainingSetup.forCache(b, scaler)).toList()).toList();
            return new Session() {
                @Override
                public GradientSum gradient(double[] params, long iteration, long total) {
                    return LocalTrainer.gradient(setup, cfg, params, iteration, cached, groups);
                }

                @Override
                public GradientSum round(LocalRounds.Round round) {
                    return LocalTrainer.round(setup, cfg, round, cached, groups);
                }

                @Override
                public Metrics[] evaluate(MlpModel model) {
                    Metrics metrics = model.newMetrics();
                    Metrics validation = model.newMetrics();
                    Predictor predictor = model.newPredictor(cfg.blockSize());
                    cached.forEach(part -> part.forEach(b -> predictor.evaluate(b, b.validation() ? validation
                        : metrics, setup.classWeights())));
                    return new Metrics[] {metrics, validation.weight() > 0 ? validation : null};
                }

                @Override
                public void close() {
                }
            };
        }
    }

    /** Splits blocks round-robin into {@code n} partitions; for tests and small local runs. */
    public static List<List<DataBlock>> partition(List<DataBlock> blocks, int n) {
        List<List<DataBlock>> parts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            parts.add(new ArrayList<>());
        }
        for (int i = 0; i < blocks.size(); i++) {
            parts.get(i % n).add(blocks.get(i));
        }
        return parts;
    }
}
