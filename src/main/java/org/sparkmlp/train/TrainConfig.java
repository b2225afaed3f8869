package org.sparkmlp.train;

import java.io.Serializable;
import java.util.List;
import org.sparkmlp.data.OnInvalidRows;
import org.sparkmlp.data.RowRules;
import org.sparkmlp.math.Checks;
import org.sparkmlp.math.Precision;
import org.sparkmlp.nn.LayerSpec;
import org.sparkmlp.nn.ModelSpec;
import org.sparkmlp.nn.Task;
import org.sparkmlp.nn.loss.LossKind;
import org.sparkmlp.optim.Adam;
import org.sparkmlp.optim.LrSchedule;
import org.sparkmlp.optim.Optimizer;
import org.sparkmlp.optim.OptimizerKind;
import org.sparkmlp.optim.SGD;

/**
 * Everything that decides what a training run computes. Validated on construction, so a bad value is
 * refused before any data is read. Build one with {@link #builder()}; the defaults live there only.
 *
 * @param labelColumns     the label columns: one for a classifier, one per output for a regression
 * @param featureColumns   the feature columns; empty means every other numeric column
 * @param layers           layer widths, input first, output last: the shorthand network of linear layers
 *                         with {@code activation} (and {@code dropout}) between them; empty with {@code network}
 * @param activation       hidden-layer activation of the {@code layers} shorthand, a registered activation
 * @param loss             cross-entropy (classification) or mse/mae (regression)
 * @param optimizer        sgd or adam
 * @param learningRate     step size
 * @param momentum         SGD momentum
 * @param nesterov         SGD with Nesterov momentum
 * @param beta1            Adam's first-moment decay
 * @param beta2            Adam's second-moment decay
 * @param epsilon          Adam's denominator floor
 * @param epochs           passes over the data
 * @param batchSize        examples per iteration across the cluster; 0 means full batch
 * @param seed             the seed every random choice derives from
 * @param blockSize        rows per cached block and per kernel call
 * @param aggregationDepth depth of the gradient-sum tree; 0 for auto ({@link AggregationPlan})
 * @param syncEvery        optimizer steps per synchronisation: 1 steps on the driver with every iteration's
 *                         summed gradient; K > 1 lets each task take K local steps on its own mini-batches
 *                         before the driver averages the weights and optimizer state ({@link LocalRounds})
 * @param standardize      standardise features (and a regression label)
 * @param precision        arithmetic of the gradient pass
 * @param onInvalidRows    fail on an unusable input row, or skip and count it
 * @param clipNorm         the largest L2 norm of an iteration's averaged gradient; a larger one is scaled
 *                         down to it. 0 means no clipping
 * @param checkpointing    where and how often to write checkpoints, and whether to resume from one
 * @param lrSchedule       how the learning rate changes over the run
 * @param weightDecay      L2 penalty on the weight matrices (not the biases); with adamw, decoupled decay
 * @param validationFraction the fraction of rows held out for validation, chosen by the seed; 0 for none
 * @param validateEvery    iterations between validations; 0 means once per epoch
 * @param earlyStopping    when to stop on the validation metrics
 * @param weightColumn     a column of sample weights (finite, >= 0); null when every row weighs 1
 * @param classWeights     a weight per class, multiplying each row's weight; empty for none
 * @param balancedClassWeights weigh class {@code c} by {@code total / (classes * total_c)} instead
 * @param dropout          inverted dropout after each hidden activation of the {@code layers} shorthand
 *                         while training, seeded; 0 for none
 * @param network          the network as a list of layers, instead of {@code layers}; empty for the shorthand
 * @param cache            where the training rows are kept between iterations
 */
public record TrainConfig(List<String> labelColumns, List<String> featureColumns, List<Integer> layers,
                          String activation, LossKind loss, OptimizerKind optimizer, double learningRate,
                          double momentum, boolean nesterov, double beta1, double beta2, double epsilon,
                          int epochs, int batchSize, long seed, int blockSize, int aggregationDepth, int syncEvery,
                          boolean standardize, Precision precision, OnInvalidRows onInvalidRows,
                          double clipNorm, Checkpointing checkpointing, LrSchedule lrSchedule,
                          double weightDecay, double validationFraction, int validateEvery,
                          EarlyStopping earlyStopping, String weightColumn, List<Double> classWeights,
                          boolean balancedClassWeights, double dropout, List<LayerSpec> network,
                          CacheLevel cache)
    implements Serializable {

    public TrainConfig {
        Checks.arg(labelColumns != null && !labelColumns.isEmpty(), "a label column is required");
        for (String l : labelColumns) {
            Checks.arg(l != null && !l.isBlank(), "label column names must not be empty, got %s", labelColumns);
        }
        labelColumns = List.copyOf(labelColumns);
        Checks.arg(labelColumns.stream().distinct().count() == labelColumns.size(), "label columns %s repeat a name",
            labelColumns);
        featureColumns = List.copyOf(featureColumns);
        for (String l : labelColumns) {
            Checks.arg(!featureColumns.contains(l), "label column '%s' is also listed as a feature", l);
        }
        network = network == null ? List.of() : List.copyOf(network);
        layers = layers == null ? List.of() : List.copyOf(layers);
        Checks.arg(layers.isEmpty() != network.isEmpty(),
            "give the network as layer widths (layers, e.g. 784,128,10) or as a list of layers (network, e.g. "
                + "linear:128,relu,linear:10), %s", layers.isEmpty() ? "got neither" : "not both");
        Checks.arg(loss != null, "a `loss` is required");
        if (network.isEmpty()) {
            Checks.arg(activation != null, "the `activation` is required with layer widths");
            // The widths, the activation, the dropout rate and the class count are the network's to check.
            ModelSpec.of(layers, activation, loss, dropout);
        } else {
            Checks.arg(activation == null, "the `activation` belongs to the layer-widths shorthand; with a `network`, "
                + "write the activations into it (e.g. linear:128,%s,linear:10)", activation);
            Checks.arg(dropout == 0, "`dropout` belongs to the layer-widths shorthand; with a `network`, write "
                + "dropout:%s where it should act", dropout);
            Checks.arg(network.stream().anyMatch(l -> l.type().equals("linear")),
                "the `network` %s has no linear layer", network);
        }
        Checks.arg(learningRate > 0 && Double.isFinite(learningRate), "the learning rate `lr` must be > 0, got %s", learningRate);
        Checks.arg(momentum >= 0 && momentum < 1, "`momentum` must be in [0, 1), got %s", momentum);
        Checks.arg(!nesterov || momentum > 0, "`nesterov` needs `momentum` > 0");
        Checks.arg(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, "Adam's `beta1` and `beta2` must be in [0, 1), got %s, %s",
            beta1, beta2);
        Checks.arg(epsilon > 0, "Adam's `epsilon` must be > 0, got %s", epsilon);
        Checks.arg(epochs > 0, "`epochs` must be a positive integer, got %s", epochs);
        Checks.arg(batchSize >= 0, "the `batch-size` must be a positive integer (or 0 for full batch), got %s", batchSize);
        Checks.arg(blockSize > 0, "the `block-size` must be a positive integer, got %s", blockSize);
        Checks.arg(aggregationDepth >= 0, "the `aggregation-depth` must be >= 1, or 0 for auto, got %s",
            aggregationDepth);
        Checks.arg(syncEvery >= 1, "`sync-every` must be a positive integer (1 synchronises every step), got %s",
            syncEvery);
        Checks.arg(optimizer != null && precision != null && onInvalidRows != null && checkpointing != null
            && lrSchedule != null && earlyStopping != null && cache != null,
            "optimizer, precision, on-invalid-rows, checkpointing, schedule, early stopping and cache are required");
        Checks.arg(weightDecay >= 0 && Double.isFinite(weightDecay), "the `weight-decay` must be >= 0, got %s", weightDecay);
        Checks.arg(validationFraction >= 0 && validationFraction < 1,
            "the `validation-fraction` must be in [0, 1), got %s", validationFraction);
        classWeights = List.copyOf(classWeights);
        for (Double w : classWeights) {
            Checks.arg(w != null && w > 0 && Double.isFinite(w), "`class-weights` must be positive numbers, got %s",
                classWeights);
        }
        Checks.arg(!balancedClassWeights || classWeights.isEmpty(), "give `class-weights` or 'balanced', not both");
        Checks.arg((classWeights.isEmpty() && !balancedClassWeights) || loss == LossKind.CROSS_ENTROPY,
            "`class-weights` need a classifier (cross-entropy `loss`)");
        Checks.arg(weightColumn == null || (!labelColumns.contains(weightColumn) && !featureColumns.contains(weightColumn)),
            "the `weight-column` '%s' cannot also be a label or a feature", weightColumn);
        Checks.arg(validateEvery >= 0, "`validate-every` must be >= 0 iterations (0: once per epoch), got %s",
            validateEvery);
        Checks.arg(clipNorm >= 0 && Double.isFinite(clipNorm),
            "the clip norm `clip-norm` must be a positive number (or 0 for no clipping), got %s", clipNorm);
        int outputs = outputWidth(layers, network, loss);
        if (loss == LossKind.CROSS_ENTROPY) {
            Checks.arg(labelColumns.size() == 1, "a classifier has one `label` column, got %s", labelColumns);
        } else {
            Checks.arg(outputs == labelColumns.size(), "the network has %s output%s but %s `label` column%s %s; "
                    + "a regression has one output per label: set the last layer width to %s or give %s label columns",
                outputs, outputs == 1 ? "" : "s", labelColumns.size(), labelColumns.size() == 1 ? "" : "s", labelColumns,
                labelColumns.size(), outputs);
        }
    }

    /** The width of the network's output: the classes, or the regression's outputs. */
    public int outputWidth() {
        return outputWidth(layers, network, loss);
    }

    /** The output width of the shorthand's last width, or of the network, which is independent of its input's. */
    private static int outputWidth(List<Integer> layers, List<LayerSpec> network, LossKind loss) {
        return network.isEmpty() ? layers.get(layers.size() - 1) : new ModelSpec(1, network, loss).outputDim();
    }

    /** The network for {@code inputDim} features: the {@code layers} shorthand, or the {@code network}. */
    public ModelSpec modelSpec(int inputDim) {
        if (network.isEmpty()) {
            Checks.arg(layers.get(0) == inputDim, "layers start with %s inputs but there are %s features",
                layers.get(0), inputDim);
            return ModelSpec.of(layers, activation, loss, dropout);
        }
        return new ModelSpec(inputDim, network, loss);
    }

    /** The only label column of a classifier or a one-output regression; refuses several. */
    public String labelColumn() {
        Checks.state(labelColumns.size() == 1, "there are %s label columns", labelColumns.size());
        return labelColumns.get(0);
    }

    /** What a usable input row is for this configuration: finite values and, for a classifier, a class. */
    public RowRules rowRules() {
        return new RowRules(task() == Task.CLASSIFICATION ? outputWidth() : 0, onInvalidRows);
    }

    public Task task() {
        return loss == LossKind.CROSS_ENTROPY ? Task.CLASSIFICATION : Task.REGRESSION;
    }

    /** A fresh optimizer with this configuration's hyper-parameters, for a network of {@code spec}. */
    public Optimizer newOptimizer(ModelSpec spec) {
        return switch (optimizer) {
            case SGD -> new SGD(learningRate, momentum, nesterov);
            case ADAM -> new Adam(learningRate, beta1, beta2, epsilon);
            case ADAMW -> new Adam(learningRate, beta1, beta2, epsilon, weightDecay, spec.weightRanges());
        };
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder with the current values, for overrides. */
    public Builder toBuilder() {
        return new Builder().labelColumns(labelColumns).featureColumns(featureColumns).layers(layers)
            .activation(activation).loss(loss).optimizer(optimizer).learningRate(learningRate).momentum(momentum)
            .nesterov(nesterov).beta1(beta1).beta2(beta2).epsilon(epsilon).epochs(epochs).batchSize(batchSize)
            .seed(seed).blockSize(blockSize).aggregationDepth(aggregationDepth).syncEvery(syncEvery)
            .standardize(standardize)
            .precision(precision).onInvalidRows(onInvalidRows).clipNorm(clipNorm).checkpointing(checkpointing)
            .lrSchedule(lrSchedule).weightDecay(weightDecay).validationFraction(validationFraction)
            .validateEvery(validateEvery).earlyStopping(earlyStopping).weightColumn(weightColumn)
            .classWeights(classWeights).balancedClassWeights(balancedClassWeights).dropout(dropout)
            .network(network).cache(cache);
    }

    /** Fluent construction; names match the command line's options. */
    public static final class Builder {
        private List<String> labelColumns = List.of(Settings.LABEL.defaultValue());
        private List<String> featureColumns = Settings.FEATURES.defaultValue();
        private List<Integer> layers = Settings.LAYERS.defaultValue();
        private List<LayerSpec> network = List.of();
        private String activation;
        private LossKind loss = Settings.LOSS.defaultValue();
        private OptimizerKind optimizer = Settings.OPTIMIZER.defaultValue();
        private Double learningRate = Settings.LR.defaultValue();
        private double momentum = Settings.MOMENTUM.defaultValue();
        private boolean nesterov = Settings.NESTEROV.defaultValue();
        private double beta1 = Settings.BETA1.defaultValue();
        private double beta2 = Settings.BETA2.defaultValue();
        private double epsilon = Settings.EPSILON.defaultValue();
        private int epochs = Settings.EPOCHS.defaultValue();
        private int batchSize = Settings.BATCH_SIZE.defaultValue();
        private long seed = Settings.SEED.defaultValue();
        private int blockSize = Settings.BLOCK_SIZE.defaultValue();
        private int aggregationDepth = Settings.AGGREGATION_DEPTH.defaultValue();
        private int syncEvery = Settings.SYNC_EVERY.defaultValue();
        private boolean standardize = Settings.STANDARDIZE.defaultValue();
        private Precision precision = Settings.PRECISION.defaultValue();
        private OnInvalidRows onInvalidRows = Settings.ON_INVALID_ROWS.defaultValue();
        private CacheLevel cache = Settings.CACHE.defaultValue();
        private double clipNorm = Settings.CLIP_NORM.defaultValue();
        private String checkpointDir = Settings.CHECKPOINT_DIR.defaultValue();
        private int checkpointEvery = Settings.CHECKPOINT_EVERY.defaultValue();
        private int keepCheckpoints = Settings.KEEP_CHECKPOINTS.defaultValue();
        private boolean resume = Settings.RESUME.defaultValue();
        private LrSchedule.Kind lrScheduleKind = Settings.LR_SCHEDULE.defaultValue();
        private double lrGamma = Settings.LR_GAMMA.defaultValue();
        private int lrStepEpochs = Settings.LR_STEP_EPOCHS.defaultValue();
        private double minLr = Settings.MIN_LR.defaultValue();
        private long warmupIterations = Settings.WARMUP_ITERATIONS.defaultValue();
        private int plateauPatience = Settings.PLATEAU_PATIENCE.defaultValue();
        private double weightDecay = Settings.WEIGHT_DECAY.defaultValue();
        private double validationFraction = Settings.VALIDATION_FRACTION.defaultValue();
        private int validateEvery = Settings.VALIDATE_EVERY.defaultValue();
        private String monitor = Settings.MONITOR.defaultValue();
        private int earlyStoppingPatience = Settings.EARLY_STOPPING_PATIENCE.defaultValue();
        private double minDelta = Settings.MIN_DELTA.defaultValue();
        private boolean restoreBest = Settings.RESTORE_BEST.defaultValue();
        private String weightColumn = Settings.WEIGHT_COLUMN.defaultValue();
        private List<Double> classWeights = List.of();
        private boolean balancedClassWeights;
        private double dropout = Settings.DROPOUT.defaultValue();

        public Builder labelColumn(String v) {
            return labelColumns(List.of(v));
        }

        /** Several label columns: a regression with one output per label. */
        public Builder labelColumns(List<String> v) {
            labelColumns = v;
            return this;
        }

        public Builder featureColumns(List<String> v) {
            featureColumns = v;
            return this;
        }

        public Builder layers(List<Integer> v) {
            layers = v;
            return this;
        }

        public Builder layers(Integer... v) {
            return layers(List.of(v));
        }

        /** The hidden-layer activation of the {@link #layers} shorthand: a registered activation such as {@code relu}. */
        public Builder activation(String v) {
            activation = v == null ? null : v.trim().toLowerCase(java.util.Locale.ROOT);
            return this;
        }

        /** The network as a list of layers, instead of {@link #layers}. */
        public Builder network(List<LayerSpec> v) {
            network = v;
            return this;
        }

        /** The command line's form of {@link #network(List)}: {@code linear:256,gelu,dropout:0.2,linear:10}. */
        public Builder network(String v) {
            return network(LayerSpec.parseList(v));
        }

        public Builder loss(LossKind v) {
            loss = v;
            return this;
        }

        public Builder optimizer(OptimizerKind v) {
            optimizer = v;
            return this;
        }

        /** The step size; when never set, the optimizer's default (adam 0.001, sgd 0.01). */
        public Builder learningRate(double v) {
            learningRate = v;
            return this;
        }

        public Builder momentum(double v) {
            momentum = v;
            return this;
        }

        public Builder nesterov(boolean v) {
            nesterov = v;
            return this;
        }

        public Builder beta1(double v) {
            beta1 = v;
            return this;
        }

        public Builder beta2(double v) {
            beta2 = v;
            return this;
        }

        public Builder epsilon(double v) {
            epsilon = v;
            return this;
        }

        public Builder epochs(int v) {
            epochs = v;
            return this;
        }

        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder blockSize(int v) {
            blockSize = v;
            return this;
        }

        public Builder aggregationDepth(int v) {
            aggregationDepth = v;
            return this;
        }

        public Builder syncEvery(int v) {
            syncEvery = v;
            return this;
        }

        public Builder standardize(boolean v) {
            standardize = v;
            return this;
        }

        public Builder precision(Precision v) {
            precision = v;
            return this;
        }

        public Builder onInvalidRows(OnInvalidRows v) {
            onInvalidRows = v;
            return this;
        }

        public Builder clipNorm(double v) {
            clipNorm = v;
            return this;
        }

        /** A Hadoop file-system path for checkpoints; null for none. */
        public Builder checkpointDir(String v) {
            checkpointDir = v;
            return this;
        }

        /** Iterations between checkpoints; 0 for once per epoch. */
        public Builder checkpointEvery(int v) {
            checkpointEvery = v;
            return this;
        }

        public Builder keepCheckpoints(int v) {
            keepCheckpoints = v;
            return this;
        }

        /** Continue from the newest valid checkpoint in the checkpoint directory, if there is one. */
        public Builder resume(boolean v) {
            resume = v;
            return this;
        }

        public Builder checkpointing(Checkpointing v) {
            checkpointDir = v.dir();
            checkpointEvery = v.every();
            keepCheckpoints = v.keep();
            resume = v.resume();
            return this;
        }

        public Builder lrSchedule(LrSchedule v) {
            lrScheduleKind = v.kind();
            lrGamma = v.gamma();
            lrStepEpochs = v.stepEpochs();
            minLr = v.minLr();
            warmupIterations = v.warmupIterations();
            plateauPatience = v.patience();
            return this;
        }

        public Builder lrSchedule(LrSchedule.Kind v) {
            lrScheduleKind = v;
            return this;
        }

        /** {@code constant}, {@code step}, {@code exponential}, {@code cosine} or {@code plateau}. */
        public Builder lrSchedule(String v) {
            return lrSchedule(LrSchedule.Kind.fromName(v));
        }

        public Builder lrGamma(double v) {
            lrGamma = v;
            return this;
        }

        public Builder lrStepEpochs(int v) {
            lrStepEpochs = v;
            return this;
        }

        public Builder minLr(double v) {
            minLr = v;
            return this;
        }

        public Builder warmupIterations(long v) {
            warmupIterations = v;
            return this;
        }

        public Builder plateauPatience(int v) {
            plateauPatience = v;
            return this;
        }

        public Builder weightDecay(double v) {
            weightDecay = v;
            return this;
        }

        public Builder validationFraction(double v) {
            validationFraction = v;
            return this;
        }

        public Builder validateEvery(int v) {
            validateEvery = v;
            return this;
        }

        public Builder earlyStopping(EarlyStopping v) {
            monitor = v.monitor();
            earlyStoppingPatience = v.patience();
            minDelta = v.minDelta();
            restoreBest = v.restoreBest();
            return this;
        }

        /** Validations without improvement before training stops; 0 turns early stopping off. */
        public Builder earlyStoppingPatience(int v) {
            earlyStoppingPatience = v;
            return this;
        }

        /** The validation metric early stopping and the plateau schedule watch. */
        public Builder monitor(String v) {
            monitor = v;
            return this;
        }

        public Builder minDelta(double v) {
            minDelta = v;
            return this;
        }

        public Builder restoreBest(boolean v) {
            restoreBest = v;
            return this;
        }

        /** The command line's form of {@link #labelColumns(List)}: one column, or several separated by commas. */
        public Builder label(String v) {
            return labelColumns(java.util.Arrays.stream(v.split(",", -1)).map(String::trim).toList());
        }

        /** The command line's name for {@link #featureColumns(List)}. */
        public Builder features(String... v) {
            return featureColumns(List.of(v));
        }

        /** The command line's name for {@link #learningRate(double)}. */
        public Builder lr(double v) {
            return learningRate(v);
        }

        /** Every row in every iteration: the command line's {@code --batch-size full}. */
        public Builder fullBatch() {
            return batchSize(0);
        }

        public Builder loss(String v) {
            return loss(LossKind.fromName(v));
        }

        public Builder optimizer(String v) {
            return optimizer(OptimizerKind.fromName(v));
        }

        public Builder precision(String v) {
            return precision(Precision.fromName(v));
        }

        public Builder cache(CacheLevel v) {
            cache = v;
            return this;
        }

        public Builder cache(String v) {
            return cache(CacheLevel.fromName(v));
        }

        public Builder onInvalidRows(String v) {
            return onInvalidRows(OnInvalidRows.fromName(v));
        }

        /** {@code w0,w1,...} or {@code balanced}, as on the command line. */
        public Builder classWeights(String v) {
            if (v.trim().equalsIgnoreCase("balanced")) {
                return classWeights(List.of()).balancedClassWeights(true);
            }
            return classWeights(Settings.list(v, Double::parseDouble,
                "class weights must be comma-separated numbers or 'balanced'")).balancedClassWeights(false);
        }

        public Builder weightColumn(String v) {
            weightColumn = v;
            return this;
        }

        public Builder classWeights(List<Double> v) {
            classWeights = v;
            return this;
        }

        /** The rate of inverted dropout after each hidden activation while training; 0 for none. */
        public Builder dropout(double v) {
            dropout = v;
            return this;
        }

        public Builder balancedClassWeights(boolean v) {
            balancedClassWeights = v;
            return this;
        }

        public TrainConfig build() {
            double lr = learningRate != null ? learningRate : optimizer.defaultLearningRate();
            String act = activation == null && network.isEmpty() ? Settings.ACTIVATION.defaultValue() : activation;
            return new TrainConfig(labelColumns, featureColumns, layers, act, loss, optimizer, lr, momentum,
                nesterov, beta1, beta2, epsilon, epochs, batchSize, seed, blockSize, aggregationDepth, syncEvery,
                standardize,
                precision, onInvalidRows, clipNorm,
                new Checkpointing(checkpointDir, checkpointEvery, keepCheckpoints, resume),
                new LrSchedule(lrScheduleKind, lrGamma, lrStepEpochs, minLr, warmupIterations, plateauPatience),
                weightDecay, validationFraction, validateEvery,
                new EarlyStopping(monitor, earlyStoppingPatience, minDelta, restoreBest), weightColumn, classWeights,
                balancedClassWeights, dropout, network, cache);
        }
    }
}
