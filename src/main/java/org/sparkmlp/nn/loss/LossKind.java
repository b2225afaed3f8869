package org.sparkmlp.nn.loss;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.sparkmlp.math.Checks;
import org.sparkmlp.nn.Task;

/**
 * A loss by its configuration name: what a model's architecture records and what crosses the wire to
 * executors, each of which makes its own {@link Loss} object with {@link #create()}. What the loss is (its
 * task, output layer, label rule and metric) is asked of the loss itself.
 */
public final class LossKind implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The losses by name, in the order help lists them. */
    private static final Map<String, LossKind> LOSSES = new LinkedHashMap<>();

    public static final LossKind CROSS_ENTROPY = register("cross-entropy", CrossEntropy::new);
    public static final LossKind BINARY_CROSS_ENTROPY = register("binary-cross-entropy", BinaryCrossEntropy::new);
    public static final LossKind MSE = register("mse", org.sparkmlp.nn.loss.MSE::new);
    public static final LossKind MAE = register("mae", org.sparkmlp.nn.loss.MAE::new);
    public static final LossKind HUBER = register("huber", Huber::new);

    private final String configName;
    private final transient Supplier<Loss> factory;
    private final transient Loss described;

    private LossKind(String configName, Supplier<Loss> factory) {
        this.configName = configName;
        this.factory = factory;
        this.described = factory.get();
        Checks.state(described.name().equals(configName), "the loss registered as %s calls itself %s", configName,
            described.name());
    }

    private static LossKind register(String name, Supplier<Loss> factory) {
        LossKind kind = new LossKind(name, factory);
        LOSSES.put(name, kind);
        return kind;
    }

    /** The one instance of each loss, also after deserialization, so that kinds compare with {@code ==}. */
    private Object readResolve() throws java.io.ObjectStreamException {
        LossKind known = LOSSES.get(configName);
        if (known == null) {
            throw new java.io.InvalidObjectException("no loss is registered as '" + configName + "'");
        }
        return known;
    }

    public String configName() {
        return configName;
    }

    /** A new loss object of this kind. */
    public Loss create() {
        return factory.get();
    }

    /** One loss object of this kind, kept to answer what the loss is; never run. */
    private Loss describe() {
        return described;
    }

    /** What the outputs of a network under this loss mean. */
    public Task task() {
        return describe().task();
    }

    /** {@link Loss#outputLayer()}. */
    public String outputLayer() {
        return describe().outputLayer();
    }

    /** {@link Loss#labelProblem(double, int)}. */
    public String labelProblem(double v, int outputs) {
        return describe().labelProblem(v, outputs);
    }

    /** {@link Loss#outputProblem(int)}. */
    public String outputProblem(int width) {
        return describe().outputProblem(width);
    }

    /** {@link Loss#lossMetric()}. */
    public String lossMetric() {
        return describe().lossMetric();
    }

    /** Every loss, in the order help lists them. */
    public static LossKind[] values() {
        return LOSSES.values().toArray(LossKind[]::new);
    }

    /** The names of every loss. */
    public static List<String> names() {
        return List.copyOf(LOSSES.keySet());
    }

    /** Parses a configuration name such as {@code cross-entropy}, ignoring case; the error lists the valid ones. */
    public static LossKind fromName(String name) {
        Checks.notNull(name, "loss");
        for (LossKind known : LOSSES.values()) {
            if (known.configName.equalsIgnoreCase(name.trim())) {
                return known;
            }
        }
        throw new IllegalArgumentException("unknown loss '" + name + "'; expected one of " + String.join(", ",
            LOSSES.keySet()));
    }

    @Override
    public String toString() {
        return configName;
    }
}
