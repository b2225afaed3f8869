package org.sparkmlp.train;

import java.io.Serializable;
import java.util.List;
import org.sparkmlp.math.Checks;

/**
 * The {@code class-weights} setting: a weight per class, or {@code balanced}, which weighs class {@code c}
 * by {@code total / (classes * total_c)} from the training rows.
 *
 * @param weights  the weights, class by class; empty when balanced
 * @param balanced whether the weights come from the class totals
 */
public record ClassWeights(List<Double> weights, boolean balanced) implements Serializable {
    public static final ClassWeights BALANCED = new ClassWeights(List.of(), true);

    public ClassWeights {
        weights = List.copyOf(weights);
        for (Double w : weights) {
            Checks.arg(w != null && w > 0 && Double.isFinite(w), "`class-weights` must be positive numbers, got %s",
                weights);
        }
        Checks.arg(balanced == weights.isEmpty(), "give `class-weights` or 'balanced', not both");
    }

    /** {@code w0,w1,...} or {@code balanced}, as on the command line. */
    public static ClassWeights parse(String text) {
        if (text.trim().equalsIgnoreCase("balanced")) {
            return BALANCED;
        }
        return new ClassWeights(SettingParsers.list(text, Double::parseDouble,
            "class weights must be comma-separated numbers or 'balanced'"), false);
    }

    /** As the command line writes it. */
    @Override
    public String toString() {
        return balanced ? "balanced" : Setting.text(weights);
    }
}
