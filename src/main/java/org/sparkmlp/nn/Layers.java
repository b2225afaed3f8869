package org.sparkmlp.nn;

import java.util.List;
import java.util.Map;
import org.sparkmlp.math.Checks;

/**
 * The registry of layer types a network description can name, by type name: spark-mlp's own, and those the
 * {@link Extension}s on the class path add. Adding a layer type is writing its {@link Layer} subclass and
 * naming it in a built-in registration here or in an extension's {@link Extension#layers()}; the command
 * line's {@code --network}, the model file, {@link ModelSpec} and every precision then know it. The registry
 * cannot be changed from outside: what it holds follows from the class path alone.
 */
public final class Layers {
    /** Makes a layer for an input of {@code inputWidth} from its setting (NaN when the type takes none). */
    @FunctionalInterface
    public interface Factory {
        Layer create(int inputWidth, double setting);
    }

    /** Makes a {@link Block} for an input of {@code inputWidth} around the layers it holds, already built. */
    @FunctionalInterface
    public interface BlockFactory {
        Layer create(int inputWidth, List<Layer> layers);
    }

    /**
     * A layer type.
     *
     * @param name       the name in network descriptions and model files
     * @param setting    the name of its one setting in model files ({@code units}, {@code rate}), or null
     * @param defaultSetting the setting when none is written, or null when one must be
     * @param activation whether it is a hidden-layer activation, which {@code --activation} may name
     * @param factory    builds the layer, or null for a block
     * @param block      builds the block around the layers it holds, or null for any other layer
     */
    public record Type(String name, String setting, Double defaultSetting, boolean activation, Factory factory,
                       BlockFactory block) {
        public Type {
            Checks.arg(name != null && name.matches("[a-z][a-z0-9]*"), "a layer type name is lower-case letters "
                + "and digits, got %s", name);
            Checks.arg(setting != null || defaultSetting == null, "type %s has a default but no setting", name);
            Checks.arg((factory == null) != (block == null), "type %s needs either a layer factory or a block "
                + "factory", name);
            Checks.arg(block == null || setting == null && !activation, "block type %s takes no setting and is no "
                + "activation", name);
        }

        /** A type of layer that holds no layers. */
        public Type(String name, String setting, Double defaultSetting, boolean activation, Factory factory) {
            this(name, setting, defaultSetting, activation, factory, null);
        }

        /** A type of layer that holds layers, written {@code name(layer,layer,...)}. */
        public static Type block(String name, BlockFactory block) {
            return new Type(name, null, null, false, null, block);
        }

        /** Whether its layers hold layers. */
        public boolean holdsLayers() {
            return block != null;
        }
    }

    /** spark-mlp's own layer types. */
    private static final Map<String, Type> BUILT_IN = builtInTypes(
        new Type("linear", "units", null, false, (in, units) -> new Linear(in, units(units))),
        new Type("relu", null, null, true, (in, v) -> new ReLU()),
        new Type("leakyrelu", "slope", LeakyReLU.DEFAULT_SLOPE, true, (in, slope) -> new LeakyReLU(slope)),
        new Type("sigmoid", null, null, true, (in, v) -> new Sigmoid()),
        new Type("tanh", null, null, true, (in, v) -> new Tanh()),
        new Type("gelu", null, null, true, (in, v) -> new GELU()),
        new Type("layernorm", "eps", LayerNorm.DEFAULT_EPS, false, LayerNorm::new),
        new Type("dropout", "rate", null, false, (in, rate) -> new Dropout(rate)),
        new Type("softmax", null, null, false, (in, v) -> new Softmax()),
        Type.block("residual", Residual::new));

    private Layers() {}

    private static Map<String, Type> builtInTypes(Type... types) {
        Map<String, Type> byName = new java.util.LinkedHashMap<>();
        for (Type t : types) {
            byName.put(t.name(), t);
        }
        return java.util.Collections.unmodifiableMap(byName);
    }

    /** The layer types the extensions visible to the calling thread add; a name is added once. */
    private static Map<String, Type> fromExtensions() {
        return Extensions.catalog(Type.class, extensions -> {
            Map<String, Type> types = new java.util.HashMap<>();
            Map<String, String> origins = new java.util.HashMap<>();
            for (Extension e : extensions) {
                for (Type t : e.layers()) {
                    Extensions.add(types, origins, BUILT_IN.keySet(), "layer type", t.name(), Extensions.origin(e), t);
                }
            }
            return types;
        });
    }

    private static Type find(String name) {
        Type t = BUILT_IN.get(name);
        return t != null ? t : fromExtensions().get(name);
    }

    /** The type named {@code name}, built in or from an extension; the error lists the known ones. */
    public static Type type(String name) {
        Type t = find(name);
        Checks.arg(t != null, "unknown layer type '%s'; expected one of %s (a layer type from a jar needs that jar "
            + "on the class path: --jars with the command line, spark-submit --jars with Spark)", name, names());
        return t;
    }

    /** The type names the calling thread knows, built in and from the extensions it sees, sorted. */
    public static List<String> names() {
        java.util.TreeSet<String> names = new java.util.TreeSet<>(BUILT_IN.keySet());
        names.addAll(fromExtensions().keySet());
        return List.copyOf(names);
    }

    /** spark-mlp's own layer type names, sorted. */
    public static List<String> builtIn() {
        return BUILT_IN.keySet().stream().sorted().toList();
    }

    /** The names of spark-mlp's own hidden-layer activations, sorted. */
    public static List<String> activations() {
        return builtIn().stream().filter(n -> BUILT_IN.get(n).activation()).toList();
    }

    /** Whether {@code name} is a layer type that {@code --activation} may name, built in or from an extension. */
    public static boolean isActivation(String name) {
        Type t = find(name);
        return t != null && t.activation();
    }

    /** A setting read as a layer width: a positive whole number. */
    public static int units(double setting) {
        Checks.arg(setting == Math.rint(setting) && setting >= 1 && setting <= Integer.MAX_VALUE,
            "a layer width must be a positive whole number, got %s", setting);
        return (int) setting;
    }

    /**
     * {@code spec} with its type's default setting filled in, and the same for the layers a block holds;
     * refuses a missing or unexpected setting, and held layers where the type holds none.
     */
    static LayerSpec complete(LayerSpec spec) {
        Type t = type(spec.type());
        if (t.holdsLayers()) {
            Checks.arg(spec.setting() == null, "layer %s takes no setting, got %s", spec.type(), spec);
            Checks.arg(!spec.layers().isEmpty(), "a %s block holds layers, as in %s(linear:64,relu,linear:64)",
                t.name(), t.name());
            List<LayerSpec> held = new java.util.ArrayList<>();
            for (int i = 0; i < spec.layers().size(); i++) {
                LayerSpec l = spec.layers().get(i);
                held.add(within(i, l, "the " + t.name() + " block", () -> complete(l)));
            }
            return LayerSpec.block(spec.type(), held);
        }
        Checks.arg(spec.layers().isEmpty(), "layer %s holds no layers, got %s", spec.type(), spec);
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

    /**
     * A new layer for {@code spec} (already {@link #complete complete}) that takes inputs of {@code inputWidth};
     * a block gets the layers it holds built first.
     */
    static Layer create(LayerSpec spec, int inputWidth) {
        Type t = type(spec.type());
        if (t.holdsLayers()) {
            List<Layer> held = new java.util.ArrayList<>();
            chain(inputWidth, spec.layers(), held, "the " + t.name() + " block");
            return t.block().create(inputWidth, held);
        }
        return t.factory().create(inputWidth, spec.setting() == null ? Double.NaN : spec.setting());
    }

    /**
     * Builds {@code layers} one after the other from {@code inputWidth} into {@code into} (when not null);
     * returns the width they end at. An error names the layer and, after it, {@code where} it is.
     */
    static int chain(int inputWidth, List<LayerSpec> layers, List<Layer> into, String where) {
        int width = inputWidth;
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec spec = layers.get(i);
            int in = width;
            Layer layer = within(i, spec, where, () -> create(spec, in));
            width = within(i, spec, where, () -> layer.outputWidth(in));
            if (into != null) {
                into.add(layer);
            }
        }
        return width;
    }

    /** Runs {@code step}, naming layer {@code i} of {@code where} in the error it throws. */
    static <T> T within(int i, LayerSpec spec, String where, java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("layer " + (i + 1) + " (" + spec + ") of " + where + ": "
                + e.getMessage(), e);
        }
    }
}
