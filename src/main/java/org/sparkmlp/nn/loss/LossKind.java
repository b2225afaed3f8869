package org.sparkmlp.nn.loss;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.sparkmlp.math.Checks;
import org.sparkmlp.nn.Extension;
import org.sparkmlp.nn.Extensions;
import org.sparkmlp.nn.Task;

/**
 * A loss by its configuration name: what a model's architecture records and what crosses the wire to
 * executors, each of which makes its own {@link Loss} object with {@link #create()}. What the loss is (its
 * task, output layer, label rule and metric) is asked of the loss itself.
 *
 * <p>The losses are spark-mlp's own, registered here, and those the {@link Extension}s on the class path
 * add; the registry cannot be changed from outside.
 */
public final class LossKind implements Serializable {
    private static final long serialVersionUID = 1L;

    /** spark-mlp's own losses, in the order help lists them. */
    private static final List<LossKind> BUILT_IN = new java.util.ArrayList<>();

    public static final LossKind CROSS_ENTROPY = builtIn("cross-entropy", CrossEntropy::new);
    public static final LossKind BINARY_CROSS_ENTROPY = builtIn("binary-cross-entropy", BinaryCrossEntropy::new);
    public static final LossKind MSE = builtIn("mse", org.sparkmlp.nn.loss.MSE::new);
    public static final LossKind MAE = builtIn("mae", org.sparkmlp.nn.loss.MAE::new);
    public static final LossKind HUBER = builtIn("huber", Huber::new);

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

    private static LossKind builtIn(String name, Supplier<Loss> factory) {
        LossKind kind = new LossKind(name, factory);
        BUILT_IN.add(kind);
        return kind;
    }

    /** The losses the extensions visible to the calling thread add; a name is added once. */
    private static Map<String, LossKind> fromExtensions() {
        return Extensions.catalog(LossKind.class, extensions -> {
            java.util.Set<String> builtIn = new java.util.HashSet<>(BUILT_IN.stream().map(LossKind::configName).toList());
            Map<String, LossKind> kinds = new java.util.HashMap<>();
            Map<String, String> origins = new java.util.HashMap<>();
            for (Extension e : extensions) {
                for (Supplier<Loss> factory : e.losses()) {
                    String name = factory.get().name();
                    String origin = Extensions.origin(e);
                    Extensions.add(kinds, origins, builtIn, "loss", name, origin, new LossKind(name, factory));
                }
            }
            return kinds;
        });
    }

    /** The loss named {@code name} exactly, built in or from an extension; null when there is none. */
    private static LossKind lookup(String name) {
        for (LossKind kind : BUILT_IN) {
            if (kind.configName.equals(name)) {
                return kind;
            }
        }
        return fromExtensions().get(name);
    }

    /** The one instance of each loss, also after deserialization, so that kinds compare with {@code ==}. */
    private Object readResolve() throws java.io.ObjectStreamException {
        LossKind known = lookup(configName);
        if (known == null) {
            throw new java.io.InvalidObjectException("no loss is registered as '" + configName + "' (a loss from a "
                + "jar needs that jar on the executors' class path)");
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

    /** spark-mlp's own losses, in the order help lists them. */
    public static LossKind[] values() {
        return BUILT_IN.toArray(LossKind[]::new);
    }

    /** The names of the losses the calling thread knows: spark-mlp's own, then those of the extensions it sees. */
    public static List<String> names() {
        List<String> names = new java.util.ArrayList<>(BUILT_IN.stream().map(LossKind::configName).toList());
        fromExtensions().keySet().stream().sorted().forEach(names::add);
        return names;
    }

    /** Parses a configuration name such as {@code cross-entropy}, ignoring case; the error lists the valid ones. */
    public static LossKind fromName(String name) {
        Checks.notNull(name, "loss");
        String wanted = name.trim();
        LossKind exact = lookup(wanted);
        if (exact != null) {
            return exact;
        }
        for (String known : names()) {
            if (known.equalsIgnoreCase(wanted)) {
                return lookup(known);
            }
        }
        throw new IllegalArgumentException("unknown loss '" + name + "'; expected one of " + String.join(", ", names())
            + " (a loss from a jar needs that jar on the class path: --jars with the command line, spark-submit "
            + "--jars with Spark)");
    }

    /** Kinds are equal by name: an extension's loss seen through two class loaders is one loss. */
    @Override
    public boolean equals(Object o) {
        return o instanceof LossKind k && k.configName.equals(configName);
    }

    @Override
    public int hashCode() {
        return configName.hashCode();
    }

    @Override
    public String toString() {
        return configName;
    }
}
