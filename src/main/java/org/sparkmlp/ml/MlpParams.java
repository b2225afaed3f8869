package org.sparkmlp.ml;

import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.Param;
import org.sparkmlp.train.Settings;

/**
 * The params spark-mlp's estimators and models share. Where MLlib's {@code MultilayerPerceptronClassifier}
 * has a param, it has the same name and meaning ({@code layers}, {@code maxIter}, {@code stepSize},
 * {@code solver}, {@code tol}, {@code blockSize}, {@code seed}, {@code initialWeights},
 * {@code weightCol}); every other training setting is a param named as the builder and the command line
 * name it ({@code batchSize}, {@code dropout}, ...), with the same default, from {@link Settings}
 * ({@link MlpSettingParams}, generated).
 *
 * @param <T> the class itself, which the setters return
 */
public interface MlpParams<T extends MlpParams<T>> extends MlpSettingParams<T> {
    /** MLlib's initial weights: the flat parameter vector to start from instead of the seeded initialisation. */
    default Param<Vector> initialWeights() {
        return mlpParams().param("initialWeights");
    }

    default Vector getInitialWeights() {
        return getOrDefault(initialWeights());
    }

    @SuppressWarnings("unchecked")
    default T setInitialWeights(Vector value) {
        set(initialWeights(), value);
        return (T) this;
    }

    /** The columns the features come from: the {@code features} list when set, else {@code featuresCol}. */
    default java.util.List<String> featureColumns(String featuresCol) {
        return isDefined(features()) && getFeatures().length > 0 ? java.util.List.of(getFeatures())
            : java.util.List.of(featuresCol);
    }
}
