package org.sparkmlp.train;

import java.util.List;
import org.sparkmlp.data.TableEncoding;
import java.util.Map;
import java.util.function.Supplier;
import org.sparkmlp.data.DataSummary;
import org.sparkmlp.data.InvalidRowCounts;
import org.sparkmlp.math.Blas;
import org.sparkmlp.model.Metrics;
import org.sparkmlp.model.MlpModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one training run, over any {@link Backend}: summarise the data, prepare the network and the
 * preprocessing, run the {@link TrainingLoop}, evaluate the result, and describe it in the model.
 */
public final class Training {
    private static final Logger LOG = LoggerFactory.getLogger(Training.class);

    /** The key of a model's {@code training} that lists what was inferred from the data, one line per decision. */
    public static final String INFERRED = "inferred";

    private Training() {}

    /** A trained model with the history of the iterations that made it. */
    public record Outcome(MlpModel model, List<IterationRecord> history) {
    }

    /**
     * Trains on {@code backend}'s data.
     *
     * @param source   names the data in messages: a path, or "the training data"
     * @param skipped  the rows left out as invalid while the data was read, asked once the summary's pass
     *                 over it has run
     * @param initial  the flat weights to start from; null for the seeded initialisation
     */
    public static Outcome fit(TrainConfig cfg, List<String> features, Backend backend, String source,
                              Supplier<InvalidRowCounts> skippedRows, TrainingLoop.IterationListener listener,
                              double[] initial) {
        return fit(cfg, features, null, List.of(), backend, source, skippedRows, listener, initial);
    }

    /**
     * @param table     how the raw table's columns became {@code features} (its {@link TableEncoding#inputNames}),
     *                  kept in the model; null when the features are the input's numbers as they are
     * @param decisions what was inferred from the data before this run (the columns, the label), one line
     *                  each; the run adds the network, the batches, the epochs and the stopping rule, and the
     *                  model keeps them all as {@code training.inferred}
     */
    public static Outcome fit(TrainConfig cfg, List<String> features, TableEncoding table, List<String> decisions,
                              Backend backend, String source, Supplier<InvalidRowCounts> skippedRows,
                              TrainingLoop.IterationListener listener, double[] initial) {
        TrainingSetup.checkInputWidth(cfg, features, source);
        LOG.info("spark-mlp training {} with {} features; matrix kernel {}; activations {}", cfg, features.size(),
            Blas.kernelName(), org.sparkmlp.math.Activations.implementation());
        DataSummary summary = backend.summarize(features.size(), cfg.labelColumns().size());
        InvalidRowCounts skipped = skippedRows.get();
        if (!skipped.isEmpty()) {
            LOG.warn("{}: {}", source, skipped);
        }
        TrainingSetup setup = TrainingSetup.prepare(cfg, summary, features, source, skipped,
            table == null ? 0 : table.classes().size());
        List<String> inferred = new java.util.ArrayList<>(decisions);
        if (cfg.outputsFromData()) {
            inferred.add(String.format("network %s: %s hidden widths between the %d features and %d output%s",
                setup.spec().network(), cfg.hidden().isEmpty() ? "the default" : "the given", features.size(),
                setup.spec().outputDim(), setup.spec().task().classIndices() ? "s, one per class found in the labels"
                    : setup.spec().outputDim() == 1 ? "" : "s, one per label column"));
            LOG.info(inferred.get(inferred.size() - 1));
        }
        LOG.info("{} rows in {} partitions; {} parameters; {} iterations per epoch", summary.count(),
            backend.partitions(), setup.spec().numParams(), setup.plan().iterationsPerEpoch());
        inferred.add(String.format("batches of %s%s; %d epochs at most%s", setup.plan().fullBatch() ? "every row"
            : setup.plan().batchSize() + " rows", cfg.batchSize() == BatchPlan.AUTO ? " (auto)" : "", cfg.epochs(),
            cfg.earlyStopping().enabled() ? ", stopping early when the validation " + cfg.earlyStopping().monitor()
                + " has not improved for " + cfg.earlyStopping().patience() + " validations (" + summary.heldOut()
                + " held-out rows)" : ""));
        LOG.info(inferred.get(inferred.size() - 1));
        TrainingLoop.Checkpoints checkpoints = backend.checkpoints(cfg, setup, summary, features);
        try (Backend.Session session = backend.start(cfg, setup)) {
            TrainingLoop.Result result = TrainingLoop.run(cfg, setup, session::gradient, session::round, listener,
                checkpoints, initial);
            Map<String, Object> training = TrainingSetup.describe(cfg, summary.count(), backend.partitions());
            session.describe(training);
            if (checkpoints.start() != null) {
                training.put("resumedAfterIteration", checkpoints.start().iteration());
            }
            if (!skipped.isEmpty()) {
                training.put("invalidRowsSkipped", skipped.toMap());
            }
            Metrics[] metrics = session.evaluate(MlpModel.unnamed(setup.spec(), result.params(), setup.preprocessor()));
            if (table != null) {
                training.put("inputColumns", table.describe());
            }
            training.put(INFERRED, inferred);
            training.put(FinalEvaluation.KEY, FinalEvaluation.of(metrics[0], metrics[1]));
            MlpModel model = new MlpModel(setup.spec(), result.params(), setup.preprocessor(), features,
                cfg.labelColumns(), training, result.metricsWith(metrics[0], metrics[1]), table);
            return new Outcome(model, result.history());
        }
    }
}
