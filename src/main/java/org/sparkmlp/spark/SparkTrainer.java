package org.sparkmlp.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparkmlp.data.ColumnProfile;
import org.sparkmlp.data.DataBlock;
import org.sparkmlp.data.TableEncoding;
import org.sparkmlp.data.DataSummary;
import org.sparkmlp.data.InvalidRowCounts;
import org.sparkmlp.data.Preprocessor;
import org.sparkmlp.data.ValidationSplit;
import org.sparkmlp.math.Checks;
import org.sparkmlp.math.Precision;
import org.sparkmlp.model.Metrics;
import org.sparkmlp.model.MlpModel;
import org.sparkmlp.model.Predictor;
import org.sparkmlp.nn.ModelSpec;
import org.sparkmlp.train.AggregationPlan;
import org.sparkmlp.train.Backend;
import org.sparkmlp.train.BatchPlan;
import org.sparkmlp.train.CacheLevel;
import org.sparkmlp.train.Checkpoint;
import org.sparkmlp.train.Checkpointing;
import org.sparkmlp.train.Fingerprints;
import org.sparkmlp.train.GradientSum;
import org.sparkmlp.train.IterationRecord;
import org.sparkmlp.train.IterationWeights;
import org.sparkmlp.train.LocalRounds;
import org.sparkmlp.train.PartitionGradient;
import org.sparkmlp.train.PartitionGroups;
import org.sparkmlp.train.TrainConfig;
import org.sparkmlp.train.Training;
import org.sparkmlp.train.TrainingLoop;
import org.sparkmlp.train.TrainingSetup;

/**
 * Data-parallel training on Spark. The rows are converted once into cached blocks; each iteration
 * broadcasts the flat weights, every partition computes its gradient sum with the plain-Java
 * {@link PartitionGradient}, the sums are added up by {@link TreeSum}, and the driver averages and steps.
 *
 * <pre>{@code
 * TrainConfig cfg = TrainConfig.builder().labelColumn("label").layers(784, 128, 10).batchSize(256).build();
 * SparkMlpModel model = new SparkTrainer(cfg).fit(spark.read().parquet("train.parquet"));
 * Dataset<Row> scored = model.transform(spark.read().parquet("test.parquet"));
 * }</pre>
 */
public final class SparkTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(SparkTrainer.class);

    private final TrainConfig cfg;
    private boolean readsTables = true;
    private TrainingLoop.IterationListener listener = TrainingLoop.IterationListener.NONE;
    private List<IterationRecord> history = List.of();
    private double[] initialWeights;

    public SparkTrainer(TrainConfig cfg) {
        this.cfg = cfg;
    }

    /** The iterations of the last {@link #fit}: losses, validation metrics, learning rates and timings. */
    public List<IterationRecord> history() {
        return history;
    }

    /**
     * Starts training from these flat weights (the layout of {@link org.sparkmlp.nn.FlatParams}: each layer's
     * parameters in order) instead of the seeded initialisation; null for that.
     */
    public SparkTrainer initialWeights(double[] weights) {
        this.initialWeights = weights == null ? null : weights.clone();
        return this;
    }

    /** Calls {@code l} on the driver after each iteration's step; it can stop training early. */
    public SparkTrainer listener(TrainingLoop.IterationListener l) {
        this.listener = l;
        return this;
    }

    /**
     * Whether {@link #fit(Dataset)} reads a table of scalar columns (numbers, strings, booleans) through a
     * {@link TableEncoding} learned from it (the default), or its numbers as they are, as the Spark ML
     * estimators do (their input is assembled, indexed and imputed by the pipeline before them).
     */
    public SparkTrainer readTables(boolean read) {
        this.readsTables = read;
        return this;
    }

    /**
     * Trains on {@code df}: the label columns and the configured feature columns, or every other column
     * that holds numbers (numeric columns, Spark ML vectors, arrays of numbers). The rows are read once,
     * through Spark's internal rows, into cached blocks ({@link DatasetBlocks}).
     */
    public SparkMlpModel fit(Dataset<Row> df) {
        return fit(df, "the training data", null);
    }

    /**
     * {@link #fit(Dataset)}, naming the data {@code source} (a path or table name) in errors about it, with
     * the blocks cached in {@code partitions} partitions (null for one per task slot).
     */
    public SparkMlpModel fit(Dataset<Row> df, String source, Integer partitions) {
        Inferred inferred = new Inferred(null, cfg, List.of());
        List<org.apache.spark.sql.types.StructField> scalar = !readsTables ? null : InputColumns.scalarFeatures(
            df.schema(), cfg.labelColumns(), cfg.featureColumns(), cfg.weightColumn(), source);
        TableScan input = new TableScan(df);
        if (scalar != null) {
            inferred = infer(TableProfiles.of(input, scalar, cfg.labelColumns(), cfg.weightColumn(), source), source);
        }
        TableEncoding table = inferred.table();
        TrainConfig c = inferred.cfg();
        InputColumns columns = table != null && !table.plain()
            ? InputColumns.forTable(df.schema(), table, c.labelColumns(), c.weightColumn(), c.missingValues().imputes(),
                source)
            : InputColumns.forTraining(df, c.labelColumns(), c.featureColumns(), c.weightColumn(), source)
                .sparseFrom(c.sparseWidth());
        DatasetBlocks.Result data = DatasetBlocks.read(input, columns, c.blockSize(), partitions, rawCache(), source,
            c.rowRules(), new ValidationSplit(c.validationFraction(), c.seed()));
        try {
            return new SparkMlpModel(fit(c, data.blocks(), data.features(), table, inferred.decisions(), source,
                data.skipped(), () -> data.blocks().unpersist(false)));
        } finally {
            data.blocks().unpersist(false);
        }
    }

    /**
     * Trains on {@code df} and validates on every row of {@code validation} (the same columns), in the
     * same job as the gradient of each validating iteration.
     */
    public SparkMlpModel fit(Dataset<Row> df, Dataset<Row> validation) {
        checkNoFraction();
        String source = "the training data";
        DatasetBlocks.Result data = DatasetBlocks.read(df, cfg.labelColumns(), cfg.featureColumns(), cfg.weightColumn(),
            cfg.blockSize(), null, rawCache(), source, cfg.rowRules(), ValidationSplit.NONE, cfg.sparseWidth());
        DatasetBlocks.Result held = DatasetBlocks.readLike(validation, data, cfg.blockSize(), null, rawCache(),
            "the validation data", cfg.rowRules(), ValidationSplit.ALL);
        try {
            return new SparkMlpModel(fit(data.blocks().union(held.blocks()), data.features(), source, data.skipped(),
                () -> {
                    data.blocks().unpersist(false);
                    held.blocks().unpersist(false);
                }));
        } finally {
            data.blocks().unpersist(false);
            held.blocks().unpersist(false);
        }
    }

    /**
     * Refuses a validation fraction set beside a validation set; the fraction that early stopping chooses by
     * default gives way to the validation set.
     */
    private void checkNoFraction() {
        Checks.arg(!cfg.isSet(org.sparkmlp.train.Settings.VALIDATION_FRACTION) || cfg.validationFraction() == 0,
            "give either a validation dataset or a validation fraction, not both");
    }

    /**
     * Trains on CSV text with a header row, read straight into blocks by {@link CsvBlocks}: the fast path
     * for CSV, with errors that name the file, line and column.
     *
     * @param partitions partitions to spread the blocks over; null for the input's, at least Spark's default
     */
    public SparkMlpModel fitCsv(JavaSparkContext jsc, String path, Integer partitions) {
        return fitCsv(jsc, path, partitions, null);
    }

    /**
     * {@link #fitCsv(JavaSparkContext, String, Integer)} with the rows of the CSV at {@code validationPath}
     * (same columns) as the validation set; null to hold out {@code validationFraction} of the training
     * rows instead, or none.
     */
    public SparkMlpModel fitCsv(JavaSparkContext jsc, String path, Integer partitions, String validationPath) {
        if (validationPath != null) {
            checkNoFraction();
        }
        TableProfiles profiles = CsvBlocks.profile(jsc, path, cfg.labelColumns(), cfg.featureColumns(),
            cfg.weightColumn());
        boolean imputes = cfg.missingValues().imputes();
        Inferred inferred = infer(profiles, path);
        TableEncoding table = inferred.table();
        TrainConfig c = inferred.cfg();
        jsc.setJobDescription("spark-mlp: read " + path + " into blocks");
        CsvBlocks.Result data = CsvBlocks.read(jsc, path, c.labelColumns(), c.featureColumns(), c.weightColumn(),
            c.blockSize(), partitions, c.rowRules(), validationPath != null ? ValidationSplit.NONE
                : new ValidationSplit(c.validationFraction(), c.seed()), rawCache(), table, imputes);
        JavaRDD<DataBlock> blocks = data.blocks();
        CsvBlocks.Result held = null;
        if (validationPath != null) {
            held = CsvBlocks.read(jsc, validationPath, c.labelColumns(), c.featureColumns(), c.weightColumn(),
                c.blockSize(), null, c.rowRules(), ValidationSplit.ALL, rawCache(), table, imputes);
            blocks = blocks.union(held.blocks());
        }
        try {
            CsvBlocks.Result validation = held;
            return new SparkMlpModel(fit(c, blocks, data.features(), table, inferred.decisions(), path, data.skipped(),
                () -> {
                    data.blocks().unpersist(false);
                    if (validation != null) {
                        validation.blocks().unpersist(false);
                    }
                }));
        } finally {
            data.blocks().unpersist(false);
            if (held != null) {
                held.blocks().unpersist(false);
            }
        }
    }

    /**
     * What a profiled table decides: its encoding, the configuration with the loss its label calls for, and
     * one line per decision (each column with its missing count, each column left out, the label), for the
     * log and the model's {@code training.inferred}.
     */
    private record Inferred(TableEncoding table, TrainConfig cfg, List<String> decisions) {
    }

    /**
     * Past this many numeric columns with nothing missing, the log names them in one line (the model's
     * metadata keeps a line for each).
     */
    private static final int FOLDED_COLUMNS = 20;

    /**
     * The encoding the profiles call for, and the loss: {@code mse} where {@link TrainConfig#regressesOn} the
     * label; each decision logged.
     */
    private Inferred infer(TableProfiles profiles, String source) {
        List<String> warnings = new ArrayList<>();
        TableEncoding table = TableEncoding.learn(profiles.features(), profiles.label(), cfg.maxLevels(),
            TrainConfig.MAX_INFERRED_CLASSES, cfg.missingValues().imputes(), warnings);
        warnings.forEach(w -> LOG.warn("{}: {}", source, w));
        java.util.Map<String, Long> missing = new java.util.HashMap<>();
        profiles.features().forEach(p -> missing.put(p.name(), p.missing()));
        List<String> decisions = new ArrayList<>();
        List<String> columns = table.describe();
        List<String> plain = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            TableEncoding.Column column = table.columns().get(i);
            long gaps = missing.getOrDefault(column.name(), 0L);
            decisions.add("column " + columns.get(i) + (gaps > 0 ? "; " + gaps + " missing" : ""));
            if (!column.categorical() && gaps == 0) {
                plain.add(column.name());
            }
        }
        java.util.Set<String> folded = new java.util.HashSet<>();
        if (plain.size() > FOLDED_COLUMNS) {
            plain.forEach(name -> folded.add("column " + name + ": numeric"));
            LOG.info("{}: {} numeric columns, none missing: {}, {}, ..., {}", source, plain.size(), plain.get(0),
                plain.get(1), plain.get(plain.size() - 1));
        }
        decisions.addAll(warnings);
        if (table.namedClasses()) {
            decisions.add(String.format("label '%s' names %d classes: %s", cfg.labelColumn(), table.classes().size(),
                String.join(", ", table.classes().subList(0, Math.min(20, table.classes().size())))
                    + (table.classes().size() > 20 ? ", ..." : "")));
        }
        ColumnProfile label = profiles.label();
        TrainConfig c = cfg;
        if (cfg.regressesOn(label)) {
            decisions.add(String.format("label '%s' holds %s numbers from %s to %s: training a regression (mse); give "
                + "--loss to choose", cfg.labelColumn(), label.distinctNumbers() >= ColumnProfile.MAX_NUMBERS
                ? "more than " + (ColumnProfile.MAX_NUMBERS - 1) + " distinct" : label.distinctNumbers() + " distinct",
                label.min(), label.max()));
            c = cfg.toBuilder().loss(org.sparkmlp.nn.loss.LossKind.MSE).build();
        }
        decisions.stream().filter(d -> !warnings.contains(d) && !folded.contains(d))
            .forEach(d -> LOG.info("{}: {}", source, d));
        return new Inferred(table, c, List.copyOf(decisions));
    }

    /**
     * Where the blocks as read are kept: nowhere when the run caches its own standardised copy (the two
     * passes before it, the summary and the standardisation, read them from the shuffle files, so that
     * the memory is the copy's), else at the configured level.
     */
    private CacheLevel rawCache() {
        return TrainingSetup.standardizesCache(cfg) ? null : cfg.cache();
    }

    /**
     * Trains on blocks that are already built (and, ideally, cached). In single precision the run keeps
     * a standardised copy of the training blocks cached while it trains, beside the caller's.
     */
    public MlpModel fit(JavaRDD<DataBlock> blocks, List<String> features) {
        return fit(blocks, features, "the training data", null, () -> { });
    }

    /**
     * @param releaseRaw called once the run has its own standardised copy of the blocks, to let go of the
     *                   raw ones where the run owns them
     */
    private MlpModel fit(JavaRDD<DataBlock> blocks, List<String> features, String source, InvalidRows skipped,
                         Runnable releaseRaw) {
        return fit(cfg, blocks, features, null, List.of(), source, skipped, releaseRaw);
    }

    /**
     * @param table the encoding the blocks were read through, or null; a plain one (every column a number as it
     *              is) is not kept in the model, which then reads its inputs as numbers
     */
    private MlpModel fit(TrainConfig c, JavaRDD<DataBlock> blocks, List<String> features, TableEncoding table,
                         List<String> decisions, String source, InvalidRows skipped, Runnable releaseRaw) {
        Training.Outcome outcome = Training.fit(c, features, table == null || table.plain() ? null : table, decisions,
            new OnSpark(blocks, releaseRaw), source,
            () -> skipped == null ? new InvalidRowCounts() : skipped.value().copy(), listener, initialWeights);
        history = outcome.history();
        return outcome.model();
    }

    /** Cached blocks on a Spark cluster: a Spark job per iteration, its tasks' sums added by {@link TreeSum}. */
    private static final class OnSpark implements Backend {
        private final JavaRDD<DataBlock> blocks;
        private final Runnable releaseRaw;
        private final JavaSparkContext jsc;

        private DataSummary summary;

        OnSpark(JavaRDD<DataBlock> blocks, Runnable releaseRaw) {
            this.blocks = blocks;
            this.releaseRaw = releaseRaw;
            this.jsc = JavaSparkContext.fromSparkContext(blocks.context());
        }

        @Override
        public DataSummary summarize(int numFeatures, int numLabels) {
            jsc.setJobDescription("spark-mlp: load, cache and summarize the training data");
            summary = SparkData.summarize(blocks, numFeatures, numLabels);
            return summary;
        }

        @Override
        public int partitions() {
            return blocks.getNumPartitions();
        }

        /**
         * The run's checkpoint directory, and the checkpoint to resume from. A directory that already holds
         * checkpoints is only used with {@code resume}, so that a new run never mixes its checkpoints with
         * another's.
         */
        @Override
        public TrainingLoop.Checkpoints checkpoints(TrainConfig cfg, TrainingSetup setup, DataSummary summary,
                                                    List<String> features) {
            Checkpointing ck = cfg.checkpointing();
            if (!ck.enabled()) {
                return TrainingLoop.Checkpoints.NONE;
            }
            CheckpointDir dir = new CheckpointDir(ck.dir(), jsc.hadoopConfiguration(), ck.keep());
            String configHash = Fingerprints.config(cfg);
            String dataHash = Fingerprints.data(summary, features, cfg.labelColumns(), partitions());
            Checkpoint start = null;
            if (ck.resume()) {
                CheckpointDir.Newest newest = dir.newest(configHash, dataHash);
                start = newest.checkpoint();
                if (start == null) {
                    LOG.warn("no usable checkpoint in {}; starting from the beginning", ck.dir());
                } else {
                    LOG.info("resuming from {}", newest.path());
                }
            } else if (!dir.list().isEmpty()) {
                throw new IllegalArgumentException("checkpoint directory " + ck.dir() + " already holds checkpoints "
                    + CheckpointDir.describe(dir.list()) + "; give `resume` to continue from them, or use another "
                    + "`checkpoint-dir`");
            }
            long every = ck.every() > 0 ? ck.every() : setup.plan().iterationsPerEpoch();
            return new TrainingLoop.Checkpoints(start, dir, every, configHash, dataHash);
        }

        @Override
        public Session start(TrainConfig cfg, TrainingSetup setup) {
            Broadcast<Preprocessor> prep = null;
            JavaRDD<DataBlock> cached = blocks;
            if (TrainingSetup.standardizesCache(cfg)) {
                jsc.setJobDescription("spark-mlp: standardise the cached training rows");
                prep = jsc.broadcast(setup.preprocessor());
                cached = standardized(blocks, prep, cfg.cache());
                cached.count();
                releaseRaw.run();
            }
            LOG.info(BlockPlacement.storageReport(cached, true));
            OnSparkSession session = new OnSparkSession(jsc, blocks, cached, prep, cfg, setup);
            long bytes = (summary.count() + summary.heldOut()) * (setup.spec().inputDim() + cfg.labelColumns().size()
                + 1L) * Float.BYTES;
            if (!jsc.sc().isLocal() || summary.sparse() || bytes > localTrainingBytes(jsc)) {
                return session;
            }
            LOG.info("the training rows are small ({} MB) and Spark runs in this JVM (local mode): the gradient "
                + "passes run here, on the same {} partitions in the same {} tasks' order, without a Spark job per "
                + "iteration ({} sets the limit; 0 runs every pass as a Spark job)", String.format(java.util.Locale.ROOT,
                "%.1f", bytes / 1048576.0), partitions(), session.iterations.tasks().groups().groups(), LOCAL_TRAINING_BYTES);
            return new InThisJvm(session, SparkData.collectPartitions(cached), session.iterations.tasks().groups());
        }
    }

    /**
     * The Spark property that limits the cached rows whose gradient passes run in the driver's JVM in local
     * mode, where Spark's executors are that JVM's threads anyway: a size ({@code 64m}), 0 for never. A
     * thread's local property of the same name overrides the configuration.
     */
    public static final String LOCAL_TRAINING_BYTES = "spark.sparkmlp.localTraining.maxBytes";

    private static long localTrainingBytes(JavaSparkContext jsc) {
        String local = jsc.getLocalProperty(LOCAL_TRAINING_BYTES);
        String value = local != null ? local : jsc.getConf().get(LOCAL_TRAINING_BYTES, "64m");
        return org.apache.spark.network.util.JavaUtils.byteStringAsBytes(value);
    }

    /**
     * A run's gradient passes over the cached partitions, collected into this JVM, as {@link LocalTrainer}
     * runs them: the tasks Spark would run, at once on this JVM's cores, their sums added in task order, so
     * the weights are those of the Spark jobs bit for bit. The final metrics still run as a Spark job.
     */
    private static final class InThisJvm implements Backend.Session {
        private final OnSparkSession spark;
        private final List<List<DataBlock>> partitions;
        private final PartitionGroups groups;

        InThisJvm(OnSparkSession spark, List<List<DataBlock>> partitions, PartitionGroups groups) {
            this.spark = spark;
            this.partitions = partitions;
            this.groups = groups;
        }

        @Override
        public GradientSum gradient(double[] params, long it, long all) {
            return org.sparkmlp.train.LocalTrainer.gradient(spark.setup, spark.cfg, params, it, partitions, groups);
        }

        @Override
        public GradientSum round(LocalRounds.Round round) {
            return org.sparkmlp.train.LocalTrainer.round(spark.setup, spark.cfg, round, partitions, groups);
        }

        @Override
        public Metrics[] evaluate(MlpModel model) {
            return spark.evaluate(model);
        }

        @Override
        public void describe(java.util.Map<String, Object> training) {
            spark.describe(training);
            training.put("gradientPasses", "in the driver's JVM (local mode, " + partitions.size() + " partitions, "
                + groups.groups() + " tasks)");
        }

        @Override
        public void close() {
            spark.close();
        }
    }

    /** One run's passes over the cached blocks, with the broadcasts it hands back when they are done. */
    private static final class OnSparkSession implements Backend.Session {
        private final JavaSparkContext jsc;
        private final JavaRDD<DataBlock> blocks;
        private final JavaRDD<DataBlock> cached;
        private final Broadcast<Preprocessor> prep;
        private final TrainConfig cfg;
        private final TrainingSetup setup;
        private final Iterations iterations;
        private final BroadcastReleases releases = new BroadcastReleases();
        private final long total;

        OnSparkSession(JavaSparkContext jsc, JavaRDD<DataBlock> blocks, JavaRDD<DataBlock> cached,
                       Broadcast<Preprocessor> prep, TrainConfig cfg, TrainingSetup setup) {
            this.jsc = jsc;
            this.blocks = blocks;
            this.cached = cached;
            this.prep = prep;
            this.cfg = cfg;
            this.setup = setup;
            this.iterations = Iterations.plan(jsc, cached, setup, cfg);
            this.total = setup.totalIterations(cfg);
        }

        @Override
        public GradientSum gradient(double[] params, long it, long all) {
            jsc.setJobDescription("spark-mlp: iteration " + (it + 1) + "/" + all);
            return SparkTrainer.gradient(jsc, iterations, setup, cfg, params, it, releases);
        }

        @Override
        public GradientSum round(LocalRounds.Round round) {
            jsc.setJobDescription("spark-mlp: iterations " + (round.first() + 1) + "-" + (round.first()
                + round.steps()) + "/" + total + ", local steps");
            return SparkTrainer.round(jsc, iterations, setup, cfg, round, releases);
        }

        @Override
        public void describe(java.util.Map<String, Object> training) {
            if (cfg.aggregationDepth() == 0) {
                training.put("aggregationDepth", "auto (" + iterations.depth() + ")");
            }
        }

        @Override
        public Metrics[] evaluate(MlpModel model) {
            releases.close();
            LOG.info("after training: {}", BlockPlacement.storageReport(cached, false));
            jsc.setJobDescription("spark-mlp: training-set and validation metrics");
            Metrics[] metrics = evaluateBlocks(cached, model, cfg.blockSize(), setup.classWeights());
            jsc.setJobDescription(null);
            return metrics;
        }

        @Override
        public void close() {
            releases.close();
            if (cached != blocks) {
                cached.unpersist(false);
            }
            if (prep != null) {
                prep.destroy();
            }
        }
    }

    /**
     * Warns when a partition's gradient sum is larger than what Spark returns directly in the task's status
     * message, so that every iteration's results take an extra round trip through the block manager. The
     * limit is fixed when the executors start; conf/spark-defaults.conf raises it.
     */
    private static void warnOfIndirectResults(JavaSparkContext jsc, long bytes) {
        long direct = Math.min(jsc.getConf().getSizeAsBytes("spark.task.maxDirectResultSize", "1m"),
            jsc.getConf().getSizeAsMb("spark.rpc.message.maxSize", "128") * 1024 * 1024);
        if (bytes > direct) {
            LOG.warn("a partition's gradient sum takes {} MB, more than the {} MB Spark returns directly from a "
                + "task (spark.task.maxDirectResultSize, at most spark.rpc.message.maxSize): each iteration's "
                + "results take an extra round trip through the block manager. Start the application with a "
                + "larger spark.task.maxDirectResultSize (conf/spark-defaults.conf sets 128m)",
                String.format("%.1f", bytes / 1048576.0), String.format("%.1f", direct / 1048576.0));
        }
    }

    /**
     * The blocks as the gradient pass reads them, cached: training blocks standardised once, validation
     * blocks raw (see {@link TrainingSetup#forCache}). The preprocessing travels as a broadcast, so that
     * each iteration's tasks do not carry it; recomputing a lost partition goes back through the raw
     * blocks' lineage.
     */
    private static JavaRDD<DataBlock> standardized(JavaRDD<DataBlock> blocks, Broadcast<Preprocessor> prep,
                                                   CacheLevel cache) {
        JavaRDD<DataBlock> out = blocks.mapPartitions(it -> {
            Preprocessor.Scaler scaler = prep.value().scaler();
            return new java.util.Iterator<DataBlock>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public DataBlock next() {
                    return TrainingSetup.forCache(it.next(), scaler);
                }
            };
        }, true);
        out.persist(BlockPlacement.storageLevel(cache));
        return out;
    }

    /**
     * How a run's iterations read the cached blocks: the tasks ({@link PartitionGroups}, one per task slot
     * at most, fixed for the run), the depth of the sum, and the driver's buffers for an iteration's sum
     * and, with {@code sync-every} above 1, for a local round's, which each job overwrites.
     */
    private record Iterations(TreeSum.Tasks tasks, int depth, double[] gradient, double[] roundBuffer) {
        static Iterations plan(JavaSparkContext jsc, JavaRDD<DataBlock> blocks, TrainingSetup setup, TrainConfig cfg) {
            int n = blocks.getNumPartitions();
            PartitionGroups groups = PartitionGroups.of(n, jsc.defaultParallelism());
            long resultBytes = (long) (cfg.syncEvery() > 1 ? LocalRounds.vectorLength(cfg, setup)
                : setup.spec().numParams()) * (cfg.precision() == Precision.FLOAT ? Float.BYTES : Double.BYTES);
            warnOfIndirectResults(jsc, resultBytes);
            int depth = AggregationPlan.depth(cfg.aggregationDepth(), groups.groups(), resultBytes,
                jsc.getConf().getSizeAsBytes("spark.driver.maxResultSize", "1g"));
            LOG.info("each iteration: {} tasks over {} cached partitions ({} task slots); gradient sums of {} "
                + "reach the driver {}", groups.groups(), n, jsc.defaultParallelism(),
                BlockPlacement.bytes(resultBytes), depth <= 1 ? "directly, in task order"
                    : "through a tree of depth " + depth);
            if (n > groups.groups()) {
                LOG.info("the blocks are cached in {} partitions, more than the {} task slots: each task reads {} "
                    + "of them, paying for each its cached-block lookup and its mini-batch draw (docs/SCALING.md "
                    + "gives the cost per partition); with {} partitions the run would not pay it",
                    n, groups.groups(), String.format(java.util.Locale.ROOT, "%.1f", (double) n / groups.groups()),
                    groups.groups());
            }
            return new Iterations(TreeSum.tasks(blocks, groups), depth, new double[setup.spec().numParams()],
                cfg.syncEvery() > 1 ? new double[LocalRounds.vectorLength(cfg, setup)] : null);
        }
    }

    /**
     * One iteration's gradient sum over all partitions of {@code blocks}, read by one task per partition up
     * to the cluster's task slots, summed as the configured aggregation depth says.
     */
    public static GradientSum gradient(JavaSparkContext jsc, JavaRDD<DataBlock> blocks, TrainingSetup setup,
                                       TrainConfig cfg, double[] params, long iteration) {
        try (BroadcastReleases releases = new BroadcastReleases()) {
            return gradient(jsc, Iterations.plan(jsc, blocks, setup, cfg), setup, cfg, params, iteration, releases);
        }
    }

    /**
     * One iteration's gradient sum. Static, and with only serializable locals in the closure, so that no
     * trainer object is shipped to executors. The weights' broadcast goes to {@code releases} once the job
     * has finished.
     */
    private static GradientSum gradient(JavaSparkContext jsc, Iterations iterations, TrainingSetup setup,
                                        TrainConfig cfg, double[] params, long iteration,
                                        BroadcastReleases releases) {
        ModelSpec spec = setup.spec();
        Preprocessor prep = setup.preprocessor();
        BatchPlan plan = setup.plan();
        int blockSize = cfg.blockSize();
        Precision precision = cfg.precision();
        boolean validate = setup.validatesAt(iteration);
        double[] classWeights = setup.classWeights();
        long t0 = System.nanoTime();
        Broadcast<IterationWeights> weights = jsc.broadcast(IterationWeights.of(params, precision, validate));
        long t1 = System.nanoTime();
        try {
            TreeSum.PartitionSum fn = parts -> PartitionGradient.computeAndValidate(spec, prep, precision,
                weights.value(), plan, iteration, parts, blockSize, validate, classWeights);
            GradientSum sum = TreeSum.sum(iterations.tasks(), fn, iterations.depth(), iterations.gradient());
            return sum.withDriverTimes((t1 - t0) * 1e-9, (System.nanoTime() - t1) * 1e-9);
        } finally {
            releases.release(weights);
        }
    }

    /**
     * One local round ({@link LocalRounds}): the round broadcast, each task's local steps over its
     * partitions, the tasks' sums added as an iteration's are.
     */
    private static GradientSum round(JavaSparkContext jsc, Iterations iterations, TrainingSetup setup,
                                     TrainConfig cfg, LocalRounds.Round round, BroadcastReleases releases) {
        long t0 = System.nanoTime();
        Broadcast<LocalRounds.Round> shipped = jsc.broadcast(round);
        long t1 = System.nanoTime();
        try {
            TreeSum.PartitionSum fn = parts -> LocalRounds.run(cfg, setup, shipped.value(), parts);
            GradientSum sum = TreeSum.sum(iterations.tasks(), fn, iterations.depth(), iterations.roundBuffer());
            return sum.withDriverTimes((t1 - t0) * 1e-9, (System.nanoTime() - t1) * 1e-9);
        } finally {
            releases.release(shipped);
        }
    }

    /**
     * Metrics of {@code model} over cached blocks, merged in partition order: on the training rows, and on
     * the validation rows (null when there are none). The model travels as a broadcast, not in the task.
     */
    static Metrics[] evaluateBlocks(JavaRDD<DataBlock> blocks, MlpModel model, int blockSize, double[] classWeights) {
        Broadcast<MlpModel> shipped = JavaSparkContext.fromSparkContext(blocks.context()).broadcast(model);
        List<Metrics[]> parts;
        try {
            parts = blocks.mapPartitions(it -> {
                MlpModel mine = shipped.value();
                Metrics[] m = {mine.newMetrics(), mine.newMetrics()};
                Predictor p = mine.newPredictor(blockSize);
                it.forEachRemaining(b -> p.evaluate(b, m[b.validation() ? 1 : 0], classWeights));
                return List.<Metrics[]>of(m).iterator();
            }).collect();
        } finally {
            shipped.destroy();
        }
        Metrics[] total = {model.newMetrics(), model.newMetrics()};
        parts.forEach(m -> {
            total[0].merge(m[0]);
            total[1].merge(m[1]);
        });
        return new Metrics[] {total[0], total[1].weight() > 0 ? total[1] : null};
    }
}
