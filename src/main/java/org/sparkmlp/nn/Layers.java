package org.sparkmlp.nn;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.sparkmlp.math.Checks;

/**
 * The registry of layer types a network description can name, by type name. Adding a layer type is
 * writing its {@link Layer} subclass and one {@link #register} call; the command line's {@code --network},
 * the model file, {@link ModelSpec} and every precision then know it.
 */
public final class Layers {
    /** Makes a layer for an input of {@code inputWidth} from its setting (NaN when the type takes none). */
    @FunctionalInterface
    public interface Factory {
        Layer create(int inputWidth, double setting);
    }

    /**
     * A layer type.
     *
     * @param name       the name in network descriptions and model files
     * @param setting    the name of its one setting in model files ({@code units}, {@code rate}), or null
     * @param defaultSetting the setting when none is written, or null when one must be
     * @param activation whether it is a hidden-layer activation, which {@code --activation} may name
     * @param factory    builds the layer
     */
    public record Type(String name, String setting, Double defaultSetting, boolean activation, Factory factory) {
        public Type {
            Checks.arg(name != null && name.matches("[a-z][a-z0-9]*"), "a layer type name is lower-case letters "
                + "and digits, got %s", name);
            Checks.arg(setting != null || defaultSetting == null, "type %s has a default but no setting", name);
        }
    }

    private static final Map<String, Type> TYPES = new ConcurrentHashMap<>();

    static {
        register(new Type("linear", "units", null, false, (in, units) -> new Linear(in, units(units))));
        register(new Type("relu", null, null, true, (in, v) -> new ReLU()));
        register(new Type("leakyrelu", "slope", LeakyReLU.DEFAULT_SLOPE, true, (in, slope) -> new LeakyReLU(slope)));
        register(new Type("sigmoid", null, null, true, (in, v) -> new Sigmoid()));
        register(new Type("tanh", null, null, true, (in, v) -> new Tanh()));
        register(new Type("gelu", null, null, true, (in, v) -> new GELU()));
        register(new Type("layernorm", "eps", LayerNorm.DEFAULT_EPS, false, LayerNorm::new));
        register(new Type("dropout", "rate", null, false, (in, rate) -> new Dropout(rate)));
        register(new Type("softmax", null, null, false, (in, v) -> new Softmax()));
    }

    private Layers() {}

    /** Adds a layer type; a name can be registered once. Executors need it too: register it in a static initialiser. */
    public static void register(Type type) {
        Type before = TYPES.putIfAbsent(type.name(), type);
        Checks.arg(before == null || before.equals(type), "layer type '%s' is already registered", type.name());
    }

    /** The type named {@code name}; the error lists the known ones. */
    public static Type type(String name) {
        Type t = TYPES.get(name);
        Checks.arg(t != null, "unknown layer type '%s'; expected one of %s", name, names());
        return t;
    }

    /** The registered type names, sorted. */
    public static List<String> names() {
        return TYPES.keySet().stream().sorted().toList();
    }

    /** The names of the hidden-layer activations, sorted. */
    public static List<String> activations() {
        return TYPES.values().stream().filter(Type::activation).map(Type::name).sorted().toList();
    }

    /** A setting read as a layer width: a positive whole number. */
    public static int units(double setting) {
        Checks.arg(setting == Math.rint(setting) && setting >= 1 && setting <= Integer.MAX_VALUE,
            "a layer width must be a positive whole number, got %s", setting);
        return (int) setting;
    }

    /** {@code spec} with its type's default setting filled in; refuses a missing or unexpected setting. */
    static LayerSpec complete(LayerSpec spec) {
        Type t = type(spec.type());
        if (t.setting() == null) {
            Checks.arg(spec.setting() == null, "layer %s takes no setting, got %s", spec.type(), spec);
            return spec;
        }
        if (spec.setting() != null) {
            return spec;
        }
        Checks.arg(t.defaultSetting() != null, "layer %s needs its %s, for example %s:%s", t.name(), t.setting(),
            t.name(), t.name().equals("linear") ? "128" : "0.2");
        return LayerSpec.of(spec.type(), t.defaultSetting());
    }

    /** A new layer for {@code spec} (already {@link #complete complete}) that takes inputs of {@code inputWidth}. */
    static Layer create(LayerSpec spec, int inputWidth) {
        Type t = type(spec.type());
        return t.factory().create(inputWidth, spec.setting() == null ? Double.NaN : spec.setting());
    }
}
