package org.sparkmlp.nn;

import java.util.List;
import java.util.function.Supplier;
import org.sparkmlp.nn.loss.Loss;

/**
 * Layer types and losses that a jar adds to spark-mlp, found with {@link java.util.ServiceLoader} the way
 * Spark finds data sources: the jar lists its implementation's class name in
 * {@code META-INF/services/org.sparkmlp.nn.Extension}. The names it adds then work wherever the built-in ones
 * do: in {@code --network} and {@code --loss}, in the estimators' {@code network} and {@code loss}, in a saved
 * model, in both precisions, on the driver and on executors, wherever the jar is on the class path (the
 * command line's {@code --jars}, or {@code spark-submit --jars}).
 *
 * <p>An implementation has a public no-argument constructor. A name can be registered once: a name that is
 * already taken, by spark-mlp or by another jar, is refused with an error naming both.
 */
public interface Extension {
    /** The layer types this jar adds, each under its own name. */
    default List<Layers.Type> layers() {
        return List.of();
    }

    /** The losses this jar adds, each making new loss objects that name themselves ({@link Loss#name()}). */
    default List<Supplier<Loss>> losses() {
        return List.of();
    }
}
