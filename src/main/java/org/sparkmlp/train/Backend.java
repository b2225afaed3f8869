package org.sparkmlp.train;

import java.util.Map;
import org.sparkmlp.data.DataSummary;
import org.sparkmlp.model.Metrics;
import org.sparkmlp.model.MlpModel;

/**
 * Where a run's data lives and its passes over it run: in this JVM ({@link LocalTrainer}) or on a Spark
 * cluster. {@link Training#fit} drives a backend through the same steps, so validation, early stopping,
 * schedules, history, checkpoints and the final metrics exist once.
 */
public interface Backend {
    /** One pass over the training and held-out rows: their summary, merged in partition order. */
    DataSummary summarize(int numFeatures, int numLabels);

    /** The partitions the data is in. */
    int partitions();

    /** Where the run writes its checkpoints and the one it resumes from; {@link TrainingLoop.Checkpoints#NONE}. */
    default TrainingLoop.Checkpoints checkpoints(TrainConfig cfg, TrainingSetup setup, DataSummary summary,
                                                 java.util.List<String> features) {
        return TrainingLoop.Checkpoints.NONE;
    }

    /** Readies the data for the gradient passes of {@code setup} (caching it as they read it). */
    Session start(TrainConfig cfg, TrainingSetup setup);

    /** The passes of one run, over the data as {@link #start} readied it; closing lets go of what it holds. */
    interface Session extends AutoCloseable {
        /** One iteration's gradient sum, and on validating iterations the held-out rows' metrics. */
        GradientSum gradient(double[] params, long iteration, long totalIterations);

        /** One local round's tasks' sums ({@link LocalRounds}). */
        GradientSum round(LocalRounds.Round round);

        /** The metrics of {@code model} on the training rows, and on the held-out rows (null when there are none). */
        Metrics[] evaluate(MlpModel model);

        /** Adds what this backend decided to the description of the run (the model's metadata). */
        default void describe(Map<String, Object> training) {
        }

        @Override
        void close();
    }
}
