package org.sparkmlp.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sparkmlp.data.DataSummary;
import org.sparkmlp.data.Preprocessor;
import org.sparkmlp.math.Checks;
import org.sparkmlp.nn.ModelSpec;
import org.sparkmlp.nn.Task;

/**
 * What a run derives from its configuration and one summary pass over the data: the architecture, the
 * preprocessing and the batch plan. Both trainers prepare through here, so they check the data the same
 * way and see the same numbers.
 */
public record TrainingSetup(ModelSpec spec, Preprocessor preprocessor, BatchPlan plan, long numRows) {

    public static TrainingSetup prepare(TrainConfig cfg, DataSummary summary, List<String> featureColumns) {
        Checks.arg(summary.count() > 0, "the training data has no rows");
        int inputs = cfg.layers().get(0);
        Checks.arg(featureColumns.size() == inputs,
            "layers start with %s inputs but the data has %s feature columns %s; set the first layer width to %s",
            inputs, featureColumns.size(), featureColumns, featureColumns.size());
        ModelSpec spec = new ModelSpec(cfg.layers(), cfg.activation(), cfg.task(), cfg.loss());
        int numClasses = 0;
        if (spec.task() == Task.CLASSIFICATION) {
            numClasses = spec.outputDim();
            Checks.arg(summary.labelsIntegral(),
                "classification labels in column '%s' must be integers 0..%s, found a non-integer value",
                cfg.labelColumn(), numClasses - 1);
            Checks.arg(summary.labelMin() >= 0, "classification labels in column '%s' must be >= 0, found %s",
                cfg.labelColumn(), summary.labelMin());
            Checks.arg(summary.labelMax() < numClasses,
                "column '%s' has label %s but the output layer has %s classes (labels 0..%s); set the last layer width to %s",
                cfg.labelColumn(), (long) summary.labelMax(), numClasses, numClasses - 1, (long) summary.labelMax() + 1);
        }
        Preprocessor prep = Preprocessor.fit(summary, cfg.standardize(), cfg.standardize(), numClasses);
        return new TrainingSetup(spec, prep, new BatchPlan(cfg.seed(), summary.count(), cfg.batchSize()),
            summary.count());
    }

    /** Iterations the run will take: epochs times iterations per epoch. */
    public long totalIterations(TrainConfig cfg) {
        return cfg.epochs() * plan.iterationsPerEpoch();
    }

    /** The configuration as readable key/value pairs, for the model's metadata. */
    public static Map<String, Object> describe(TrainConfig cfg, long numRows, int numPartitions) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rows", numRows);
        m.put("partitions", numPartitions);
        m.put("optimizer", cfg.optimizer().configName());
        m.put("learningRate", cfg.learningRate());
        if (cfg.optimizer() == org.sparkmlp.optim.OptimizerKind.SGD) {
            m.put("momentum", cfg.momentum());
            m.put("nesterov", cfg.nesterov());
        } else {
            m.put("beta1", cfg.beta1());
            m.put("beta2", cfg.beta2());
            m.put("epsilon", cfg.epsilon());
        }
        m.put("epochs", cfg.epochs());
        m.put("batchSize", cfg.batchSize());
        m.put("seed", cfg.seed());
        m.put("blockSize", cfg.blockSize());
        m.put("aggregationDepth", cfg.aggregationDepth());
        m.put("standardize", cfg.standardize());
        m.put("precision", cfg.precision().configName());
        return m;
    }
}
