package org.sparkmlp.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sparkmlp.data.DataSummary;
import org.sparkmlp.data.InvalidRowCounts;
import org.sparkmlp.data.Preprocessor;
import org.sparkmlp.math.Checks;
import org.sparkmlp.nn.ModelSpec;
import org.sparkmlp.nn.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a run derives from its configuration and one summary pass over the data: the architecture, the
 * preprocessing and the batch plan. Both trainers prepare through here, so they check the data the same
 * way and see the same numbers.
 */
public record TrainingSetup(ModelSpec spec, Preprocessor preprocessor, BatchPlan plan, long numRows,
                            long validationRows, long validateEvery, double[] classWeights)
    implements java.io.Serializable {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingSetup.class);

    /** A setup without class weights. */
    public TrainingSetup(ModelSpec spec, Preprocessor preprocessor, BatchPlan plan, long numRows, long validationRows,
                         long validateEvery) {
        this(spec, preprocessor, plan, numRows, validationRows, validateEvery, null);
    }

    /** Whether iteration {@code it} (0-based) also evaluates the held-out rows, with the weights it starts from. */
    public boolean validatesAt(long it) {
        return validationRows > 0 && it % validateEvery == 0;
    }

    public static TrainingSetup prepare(TrainConfig cfg, DataSummary summary, List<String> featureColumns) {
        return prepare(cfg, summary, featureColumns, "the training data", new InvalidRowCounts());
    }

    /**
     * @param source  names the data in messages: a path, or "the training data"
     * @param skipped the rows left out as invalid while the data was read, for the message when none is left
     */
    public static TrainingSetup prepare(TrainConfig cfg, DataSummary summary, List<String> featureColumns,
                                        String source, InvalidRowCounts skipped) {
        return prepare(cfg, summary, featureColumns, source, skipped, 0);
    }

    /** @param namedClasses the classes the label's names count, or 0 when its values are class indexes */
    public static TrainingSetup prepare(TrainConfig cfg, DataSummary summary, List<String> featureColumns,
                                        String source, InvalidRowCounts skipped, int namedClasses) {
        Checks.arg(summary.count() > 0, skipped.isEmpty() ? "%s has no data rows" : "%s has no valid rows: %s",
            source, skipped);
        checkInputWidth(cfg, featureColumns, source);
        int counted = 0;
        if (cfg.outputsFromData() && cfg.task() == Task.CLASSIFICATION) {
            // As many classes as the largest label says (the row rules kept labels to integers 0..999); two at
            // least, so that a single class is refused below by name.
            counted = Math.max(2, Math.max(namedClasses, (int) summary.labelMax() + 1));
        }
        ModelSpec spec = cfg.modelSpec(featureColumns.size(), counted);
        Checks.arg(summary.numLabels() == cfg.labelColumns().size(), "%s: %s label values per row for label columns %s",
            source, summary.numLabels(), cfg.labelColumns());
        int numClasses = 0;
        if (spec.task() == Task.CLASSIFICATION) {
            numClasses = spec.outputDim();
            Checks.arg(summary.labelsIntegral(),
                "%s: classification labels in column '%s' must be integers 0..%s, found a non-integer value",
                source, cfg.labelColumn(), numClasses - 1);
            Checks.arg(summary.labelMin() >= 0, "%s: classification labels in column '%s' must be >= 0, found %s",
                source, cfg.labelColumn(), summary.labelMin());
            Checks.arg(summary.labelMax() < numClasses,
                "%s: column '%s' has label %s but the output layer has %s classes (labels 0..%s); set the last layer width to %s",
                source, cfg.labelColumn(), (long) summary.labelMax(), numClasses, numClasses - 1,
                (long) summary.labelMax() + 1);
            if (numClasses > 2 * (summary.labelMax() + 1)) {
                LOG.warn("{}: the network has {} outputs but the labels in column '{}' go up to {}: outputs {}..{} are "
                    + "never a target; a network ending in a hidden layer is probably missing its output layer "
                    + "(linear:{})", source, numClasses, cfg.labelColumn(), (long) summary.labelMax(),
                    (long) summary.labelMax() + 1, numClasses - 1, (long) summary.labelMax() + 1);
            }
            Checks.arg(summary.labelMin() < summary.labelMax(),
                "%s: column '%s' holds only class %s in its %s rows; a classifier needs at least two classes",
                source, cfg.labelColumn(), (long) summary.labelMin(), summary.count());
        }
        Preprocessor prep = Preprocessor.fit(summary, cfg.standardize(),
            cfg.standardize() && spec.task().scalesLabels(), numClasses);
        BatchPlan plan = new BatchPlan(cfg.seed(), summary.count(), BatchPlan.batchFor(cfg.batchSize(), summary.count()));
        return new TrainingSetup(spec, prep, plan, summary.count(), summary.heldOut(),
            cfg.validateEvery() > 0 ? cfg.validateEvery() : plan.iterationsPerEpoch(),
            classWeights(cfg, summary, numClasses, source));
    }

    /** The configured class weights, or the balanced ones from the training rows' class totals; null for none. */
    private static double[] classWeights(TrainConfig cfg, DataSummary summary, int numClasses, String source) {
        if (!cfg.classWeights().isEmpty()) {
            Checks.arg(cfg.classWeights().size() == numClasses, "%s class weights given for %s classes",
                cfg.classWeights().size(), numClasses);
            return cfg.classWeights().stream().mapToDouble(Double::doubleValue).toArray();
        }
        if (!cfg.balancedClassWeights()) {
            return null;
        }
        double[] totals = java.util.Arrays.copyOf(summary.classTotals(), numClasses);
        double all = java.util.Arrays.stream(totals).sum();
        double[] w = new double[numClasses];
        for (int c = 0; c < numClasses; c++) {
            Checks.arg(totals[c] > 0, "%s: class %s has no rows (or only rows of weight 0), so it cannot be "
                + "balanced; give `class-weights` instead", source, c);
            w[c] = all / (numClasses * totals[c]);
        }
        return w;
    }

    /** Refuses feature columns whose count is not the first layer's width, when the widths are given. */
    public static void checkInputWidth(TrainConfig cfg, List<String> featureColumns, String source) {
        if (cfg.layers().isEmpty()) {
            return;
        }
        int inputs = cfg.layers().get(0);
        Checks.arg(featureColumns.size() == inputs,
            "layers start with %s inputs but %s has %s feature columns %s; set the first layer width to %s",
            inputs, source, featureColumns.size(), featureColumns, featureColumns.size());
    }

    /**
     * Whether the trainers cache the training rows standardised: in single precision they are, once,
     * with the arithmetic the gradient pass would otherwise repeat on every row in every iteration, and
     * full blocks go to the network as they are cached. Double precision keeps the raw rows, so that the
     * reference standardises in double.
     */
    public static boolean standardizesCache(TrainConfig cfg) {
        return cfg.precision() == org.sparkmlp.math.Precision.FLOAT;
    }

    /** {@code block} as the trainers cache it for the gradient pass: training rows standardised, validation rows raw. */
    public static org.sparkmlp.data.DataBlock forCache(org.sparkmlp.data.DataBlock block, Preprocessor.Scaler scaler) {
        return block.validation() ? block : scaler.standardize(block);
    }

    /** Iterations the run will take: epochs times iterations per epoch. */
    public long totalIterations(TrainConfig cfg) {
        return cfg.epochs() * plan.iterationsPerEpoch();
    }

    /**
     * The configuration as readable key/value pairs, for the model's metadata: the rows and partitions, then
     * each setting that {@link Setting#describe()} says to record, by its accessor's name. Numbers and flags
     * stay values; a number that stands for a word ({@code auto}, {@code full}) is written as the word.
     */
    public static Map<String, Object> describe(TrainConfig cfg, long numRows, int numPartitions) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rows", numRows);
        m.put("partitions", numPartitions);
        for (Setting<?> s : Settings.ALL) {
            Object v = cfg.value(s);
            boolean changed = !java.util.Objects.equals(v, cfg.defaultOf(s));
            if (s.describe() == Setting.Describe.ALWAYS || s.describe() == Setting.Describe.CHANGED && changed) {
                m.put(s.accessorName(), described(s, v));
            }
        }
        return m;
    }

    private static Object described(Setting<?> s, Object v) {
        if (s.defaultWord() != null && v.equals(s.defaultValue())) {
            return s.defaultWord();
        }
        return v instanceof Number || v instanceof Boolean ? v : Setting.text(v);
    }
}
