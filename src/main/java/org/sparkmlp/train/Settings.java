package org.sparkmlp.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.sparkmlp.data.OnInvalidRows;
import org.sparkmlp.math.Precision;
import org.sparkmlp.nn.Layers;
import org.sparkmlp.nn.loss.LossKind;
import org.sparkmlp.optim.LrSchedule;
import org.sparkmlp.optim.OptimizerKind;

/**
 * Every training setting, with its one default and its one description: the command line's options,
 * the keys of job files, the {@link TrainConfig.Builder}'s defaults and the README's option table are
 * made from this list. Adding a setting is a declaration here, its field in {@link TrainConfig} and its
 * builder method; {@code SettingsTest} fails when one of them is missing.
 */
public final class Settings {
    private Settings() {}

    public static final Setting<String> LABEL = text("label", "COL[,COL...]", "label",
        "label column; class indices 0..K-1 for classification; several columns, comma-separated, train a "
            + "regression with one output per label", TrainConfig.Builder::label);
    public static final Setting<List<String>> FEATURES = new Setting<>("features", "c1,c2,...",
        "feature columns", List.of(), "every other numeric column", false,
        t -> Arrays.stream(t.split(",", -1)).map(String::trim).toList(), TrainConfig.Builder::featureColumns);
    public static final Setting<List<Integer>> LAYERS = new Setting<>("layers", "784,128,10",
        "the network as layer widths: input, hidden..., output (classes, or one per label for regression): "
            + "linear layers with --activation (and --dropout) between them; give --layers or --network",
        List.of(), null, false, Settings::widths, TrainConfig.Builder::layers);
    public static final Setting<String> NETWORK = text("network", "LAYERS", null,
        "the network as a list of layers instead, e.g. linear:256,gelu,layernorm,dropout:0.2,linear:128,relu,"
            + "linear:10 (layers: " + String.join(", ", Layers.names()) + "; see the README's Networks); the input "
            + "width is the feature count, and a classifier's softmax is added at the end", TrainConfig.Builder::network);
    public static final Setting<String> ACTIVATION = new Setting<>("activation", String.join("|", Layers.activations()),
        "hidden-layer activation with --layers", "relu", "relu", false, t -> t, TrainConfig.Builder::activation);
    public static final Setting<LossKind> LOSS = choice("loss", LossKind.values(), LossKind::configName,
        LossKind::fromName, LossKind.CROSS_ENTROPY,
        "cross-entropy trains a softmax classifier; mse or mae a regressor", TrainConfig.Builder::loss);
    public static final Setting<OptimizerKind> OPTIMIZER = choice("optimizer", OptimizerKind.values(),
        OptimizerKind::configName, OptimizerKind::fromName, OptimizerKind.ADAM,
        "adamw is Adam with decoupled --weight-decay", TrainConfig.Builder::optimizer);
    public static final Setting<Double> LR = new Setting<>("lr", "X", "learning rate", null,
        Arrays.stream(OptimizerKind.values()).map(o -> o.defaultLearningRate() + " for " + o.configName())
            .collect(Collectors.joining(", ")), false, Settings::parseNumber, TrainConfig.Builder::lr);
    public static final Setting<Double> MOMENTUM = number("momentum", "X", 0.9, "momentum of sgd",
        TrainConfig.Builder::momentum);
    public static final Setting<Boolean> NESTEROV = flag("nesterov", false, "Nesterov momentum with sgd",
        TrainConfig.Builder::nesterov);
    public static final Setting<Double> BETA1 = number("beta1", "X", 0.9, "Adam's first-moment decay",
        TrainConfig.Builder::beta1);
    public static final Setting<Double> BETA2 = number("beta2", "X", 0.999, "Adam's second-moment decay",
        TrainConfig.Builder::beta2);
    public static final Setting<Double> EPSILON = number("epsilon", "X", 1e-8, "Adam's denominator floor",
        TrainConfig.Builder::epsilon);
    public static final Setting<Integer> EPOCHS = integer("epochs", "N", 10, "passes over the data",
        TrainConfig.Builder::epochs);
    public static final Setting<Integer> BATCH_SIZE = new Setting<>("batch-size", "B|full",
        "examples per iteration across the whole cluster, a positive integer, or full for every row", 0, "full",
        false, Settings::batchSize, TrainConfig.Builder::batchSize);
    public static final Setting<Long> SEED = new Setting<>("seed", "S", "the seed every random choice derives from",
        1L, "1", false, Settings::parseLong, TrainConfig.Builder::seed);
    public static final Setting<Integer> BLOCK_SIZE = integer("block-size", "ROWS", 512,
        "rows per cached block and per matrix-kernel call", TrainConfig.Builder::blockSize);
    public static final Setting<Integer> AGGREGATION_DEPTH = new Setting<>("aggregation-depth", "D|auto",
        "how the tasks' gradient sums reach the driver: 1 directly, 2 or more through a tree of that depth, auto "
            + "the depth the cost model (docs/SCALING.md) predicts fastest for the task count and model size", 0,
        "auto", false, Settings::aggregationDepth, TrainConfig.Builder::aggregationDepth);
    public static final Setting<Integer> SYNC_EVERY = integer("sync-every", "K", 1,
        "optimizer steps per synchronisation: 1 sums every iteration's gradient on the driver; K > 1 lets each "
            + "task take K local steps on its own mini-batches, then averages the weights and optimizer state "
            + "(local SGD: K times fewer jobs, not the same model)", TrainConfig.Builder::syncEvery);
    public static final Setting<Boolean> STANDARDIZE = new Setting<>("standardize", "true|false",
        "standardise features and regression labels", true, "true", true, Settings::bool,
        TrainConfig.Builder::standardize);
    public static final Setting<Precision> PRECISION = choice("precision", Precision.values(), Precision::configName,
        Precision::fromName, Precision.FLOAT, "arithmetic of the gradient pass: float32 buffers and "
            + "single-precision GEMM, about twice as fast, or double; parameters, gradient sums and optimizer state "
            + "are double either way", TrainConfig.Builder::precision);
    public static final Setting<LrSchedule.Kind> LR_SCHEDULE = choice("lr-schedule", LrSchedule.Kind.values(),
        LrSchedule.Kind::configName, LrSchedule.Kind::fromName, LrSchedule.Kind.CONSTANT,
        "how the rate changes: step multiplies it by --lr-gamma every --lr-step-epochs epochs; exponential by "
            + "--lr-gamma every epoch; cosine anneals it to --min-lr over the run; plateau multiplies it by "
            + "--lr-gamma (not below --min-lr) when the validation --monitor has not improved for "
            + "--plateau-patience validations; --warmup-iterations ramps any of them up linearly",
        TrainConfig.Builder::lrSchedule);
    public static final Setting<Double> LR_GAMMA = number("lr-gamma", "G", 0.1,
        "the factor of the step, exponential and plateau schedules", TrainConfig.Builder::lrGamma);
    public static final Setting<Integer> LR_STEP_EPOCHS = integer("lr-step-epochs", "N", 10,
        "epochs between the step schedule's steps", TrainConfig.Builder::lrStepEpochs);
    public static final Setting<Double> MIN_LR = number("min-lr", "X", 0.0,
        "the rate cosine anneals to, and the plateau schedule's floor", TrainConfig.Builder::minLr);
    public static final Setting<Long> WARMUP_ITERATIONS = new Setting<>("warmup-iterations", "N",
        "ramp the learning rate up linearly over the first N iterations", 0L, "0", false, Settings::parseLong,
        TrainConfig.Builder::warmupIterations);
    public static final Setting<Integer> PLATEAU_PATIENCE = integer("plateau-patience", "N", 2,
        "validations without improvement before the plateau schedule cuts the rate", TrainConfig.Builder::plateauPatience);
    public static final Setting<Double> WEIGHT_DECAY = number("weight-decay", "X", 0.0,
        "L2 penalty on the weight matrices, not the biases; with adamw, decoupled decay (Adam's step, after "
            + "w *= 1 - lr·X)", TrainConfig.Builder::weightDecay);
    public static final Setting<Double> VALIDATION_FRACTION = number("validation-fraction", "F", 0.0,
        "hold out this fraction of the rows, chosen by the seed from each row's place in the input, for validation",
        TrainConfig.Builder::validationFraction);
    public static final Setting<Integer> VALIDATE_EVERY = new Setting<>("validate-every", "N",
        "iterations between validations, each computed in the same Spark job as that iteration's gradient, with "
            + "the same broadcast weights", 0, "0 (once per epoch)", false, Settings::parseInteger,
        TrainConfig.Builder::validateEvery);
    public static final Setting<Integer> EARLY_STOPPING_PATIENCE = new Setting<>("early-stopping-patience", "N",
        "stop when the validation --monitor has not improved by more than --min-delta for N validations", 0,
        "0 (off)", false, Settings::parseInteger, TrainConfig.Builder::earlyStoppingPatience);
    public static final Setting<String> MONITOR = text("monitor", String.join("|", EarlyStopping.METRICS), "loss",
        "the validation metric early stopping and the plateau schedule watch", TrainConfig.Builder::monitor);
    public static final Setting<Double> MIN_DELTA = number("min-delta", "X", 0.0,
        "the least change of the monitored metric that counts as an improvement", TrainConfig.Builder::minDelta);
    public static final Setting<Boolean> RESTORE_BEST = new Setting<>("restore-best", "true|false",
        "after early stopping, go back to the weights with the best validation --monitor", true, "true", true,
        Settings::bool, TrainConfig.Builder::restoreBest);
    public static final Setting<String> WEIGHT_COLUMN = text("weight-column", "COL", null,
        "a column of sample weights (finite, >= 0): the loss, the gradient and every metric weigh each row by it, "
            + "and averages are by total weight", TrainConfig.Builder::weightColumn);
    public static final Setting<String> CLASS_WEIGHTS = text("class-weights", "w0,w1,...|balanced", null,
        "a weight per class, multiplying each row's weight; balanced weighs class c by total / (classes × total "
            + "of c), from the training rows", TrainConfig.Builder::classWeights);
    public static final Setting<Double> DROPOUT = number("dropout", "P", 0.0,
        "with --layers, drop each hidden unit with probability P while training (inverted dropout; masks drawn "
            + "from the seed, the iteration, the partition and the chunk, so a retried task drops the same units); "
            + "never at prediction. With --network, write dropout:P where it should act", TrainConfig.Builder::dropout);
    public static final Setting<Double> CLIP_NORM = new Setting<>("clip-norm", "X",
        "scale an iteration's averaged gradient down to L2 norm X when it is longer", 0.0, "0 (off)", false,
        Settings::parseNumber, TrainConfig.Builder::clipNorm);
    public static final Setting<OnInvalidRows> ON_INVALID_ROWS = choice("on-invalid-rows", OnInvalidRows.values(),
        OnInvalidRows::configName, OnInvalidRows::fromName, OnInvalidRows.FAIL,
        "a row that cannot be used (wrong field count, not a number, empty or null, NaN or infinite, a label that "
            + "is not a class): fail stops with its file, line and column; skip leaves it out and reports the "
            + "count by reason", TrainConfig.Builder::onInvalidRows);
    public static final Setting<CacheLevel> CACHE = choice("cache", CacheLevel.values(), CacheLevel::configName,
        CacheLevel::fromName, CacheLevel.MEMORY_AND_DISK,
        "where the training rows are kept between iterations: memory-and-disk keeps what fits in memory and the "
            + "rest serialized on local disk; memory rebuilds what does not fit from the shuffle files; disk keeps "
            + "everything on local disk. The input is read once at every level", TrainConfig.Builder::cache);
    public static final Setting<String> CHECKPOINT_DIR = text("checkpoint-dir", "PATH", null,
        "write checkpoints there, on any Hadoop file system (file://, hdfs://, s3a://...)",
        TrainConfig.Builder::checkpointDir);
    public static final Setting<Integer> CHECKPOINT_EVERY = new Setting<>("checkpoint-every", "N",
        "iterations between checkpoints", 0, "0 (once per epoch)", false, Settings::parseInteger,
        TrainConfig.Builder::checkpointEvery);
    public static final Setting<Integer> KEEP_CHECKPOINTS = integer("keep-checkpoints", "K", 3,
        "how many of the newest checkpoints to keep", TrainConfig.Builder::keepCheckpoints);
    public static final Setting<Boolean> RESUME = flag("resume", false,
        "continue from the newest valid checkpoint in --checkpoint-dir (from the start when there is none); "
            + "refused when it was made with other settings (other than --epochs) or other data",
        TrainConfig.Builder::resume);

    /** Every setting, in the order the command line's help lists them. */
    public static final List<Setting<?>> ALL = List.of(LABEL, FEATURES, LAYERS, NETWORK, ACTIVATION, LOSS, OPTIMIZER,
        LR, MOMENTUM, NESTEROV, BETA1, BETA2, EPSILON, EPOCHS, BATCH_SIZE, SEED, BLOCK_SIZE, AGGREGATION_DEPTH,
        SYNC_EVERY, STANDARDIZE, PRECISION, LR_SCHEDULE, LR_GAMMA, LR_STEP_EPOCHS, MIN_LR, WARMUP_ITERATIONS,
        PLATEAU_PATIENCE, WEIGHT_DECAY, VALIDATION_FRACTION, VALIDATE_EVERY, EARLY_STOPPING_PATIENCE, MONITOR,
        MIN_DELTA, RESTORE_BEST, WEIGHT_COLUMN, CLASS_WEIGHTS, DROPOUT, CLIP_NORM, ON_INVALID_ROWS, CACHE,
        CHECKPOINT_DIR, CHECKPOINT_EVERY, KEEP_CHECKPOINTS, RESUME);

    /** The setting named {@code name}, or null. */
    public static Setting<?> named(String name) {
        return ALL.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
    }

    private static Setting<Integer> integer(String name, String label, int def, String description,
                                            BiConsumer<TrainConfig.Builder, Integer> set) {
        return new Setting<>(name, label, description, def, Integer.toString(def), false, Settings::parseInteger, set);
    }

    private static Setting<Double> number(String name, String label, double def, String description,
                                          BiConsumer<TrainConfig.Builder, Double> set) {
        return new Setting<>(name, label, description, def, format(def), false, Settings::parseNumber, set);
    }

    private static Setting<String> text(String name, String label, String def, String description,
                                        BiConsumer<TrainConfig.Builder, String> set) {
        return new Setting<>(name, label, description, def, def, false, t -> t, set);
    }

    private static Setting<Boolean> flag(String name, boolean def, String description,
                                         BiConsumer<TrainConfig.Builder, Boolean> set) {
        return new Setting<>(name, "true|false", description, def, null, true, Settings::bool, set);
    }

    private static <E> Setting<E> choice(String name, E[] values, Function<E, String> names, Function<String, E> parse,
                                         E def, String description, BiConsumer<TrainConfig.Builder, E> set) {
        String label = Arrays.stream(values).map(names).collect(Collectors.joining("|"));
        return new Setting<>(name, label, description, def, names.apply(def), false, parse, set);
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    static int parseInteger(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new NumberFormatException("'" + text + "' is not an integer");
        }
    }

    static long parseLong(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new NumberFormatException("'" + text + "' is not an integer");
        }
    }

    static double parseNumber(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new NumberFormatException("'" + text + "' is not a number");
        }
    }

    /** {@code true} or {@code false}, in any case. */
    static boolean bool(String text) {
        if (text.equalsIgnoreCase("true")) {
            return true;
        }
        if (text.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException("'" + text + "' is not true or false");
    }

    /** Comma-separated widths; whether they make a network is for {@link TrainConfig} to say. */
    static List<Integer> widths(String value) {
        return list(value, Integer::parseInt, "layers must be comma-separated integers such as 784,128,10");
    }

    /** Comma-separated values, each read by {@code parse}; {@code expected} says what they should be. */
    static <T> List<T> list(String value, Function<String, T> parse, String expected) {
        List<T> out = new ArrayList<>();
        for (String v : value.split(",", -1)) {
            try {
                out.add(parse.apply(v.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(expected + "; '" + v.trim() + "' in '" + value + "' is not one");
            }
        }
        return out;
    }

    /** A positive integer, or {@code auto} (0 in {@link TrainConfig}). */
    static int aggregationDepth(String value) {
        return positiveOr("auto", value, "the aggregation depth");
    }

    /** A positive integer, or {@code full} (0 in {@link TrainConfig}). */
    static int batchSize(String value) {
        return positiveOr("full", value, "batch size");
    }

    /** A positive integer, or {@code word}, which stands for 0. */
    private static int positiveOr(String word, String value, String what) {
        if (value.equalsIgnoreCase(word)) {
            return 0;
        }
        try {
            int v = Integer.parseInt(value);
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException(what + " must be a positive integer or '" + word + "', got '" + value
            + "'");
    }
}
