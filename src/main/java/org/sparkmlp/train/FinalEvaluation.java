package org.sparkmlp.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.sparkmlp.model.Metrics;

/**
 * What the report draws besides the curves, saved with the model's training configuration under
 * {@link #KEY}: the confusion matrix (classification) or (actual, predicted) pairs (regression) of the
 * validation rows when there were some, else of the training rows.
 *
 * @param of                {@code validation} or {@code train}
 * @param confusionMatrix   weighted counts, {@code [true class][predicted class]}; null for regression
 * @param actualVsPredicted up to {@link Metrics#SAMPLE} pairs of the first output; null for classification
 */
public record FinalEvaluation(String of, double[][] confusionMatrix, double[][] actualVsPredicted)
    implements java.io.Serializable {
    /** Its key in the model's training configuration. */
    public static final String KEY = "finalEvaluation";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The evaluation of the validation metrics when there are some (non-null), else of the training ones. */
    public static FinalEvaluation of(Metrics train, Metrics validation) {
        Metrics shown = validation != null ? validation : train;
        String of = validation != null ? "validation" : "train";
        if (shown.isMultiLabel()) {
            return new FinalEvaluation(of, null, null);
        }
        return shown.isClassification() ? new FinalEvaluation(of, shown.confusionMatrix(), null)
            : new FinalEvaluation(of, null, shown.sample());
    }

    /** The evaluation in a model's training configuration, as saved or as loaded; null when there is none. */
    public static FinalEvaluation from(Map<String, Object> training) {
        Object v = training.get(KEY);
        return v == null ? null : JSON.convertValue(v, FinalEvaluation.class);
    }
}
