package org.sparkmlp.nn;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.sparkmlp.math.Checks;

/**
 * One layer of a network's description: a type registered in {@link Layers} and its one setting, if the
 * type has one (a linear layer's units, a dropout rate, a leaky ReLU's slope). Written {@code linear:128},
 * {@code dropout:0.2}, {@code relu}; {@link ModelSpec} fills in defaults and checks the rest.
 *
 * @param type    the registered type name, in lower case
 * @param setting the type's setting, or null for none (or its default)
 */
public record LayerSpec(String type, Double setting) implements Serializable {

    public LayerSpec {
        Checks.arg(type != null && !type.isBlank(), "a layer needs a type, such as linear or relu");
        type = type.trim().toLowerCase(Locale.ROOT);
        Checks.arg(setting == null || Double.isFinite(setting), "layer %s: its setting must be a finite number, got %s",
            type, setting);
    }

    /** A layer without a setting. */
    public static LayerSpec of(String type) {
        return new LayerSpec(type, null);
    }

    /** A layer with a setting. */
    public static LayerSpec of(String type, double setting) {
        return new LayerSpec(type, setting);
    }

    /** Parses {@code type} or {@code type:setting}, such as {@code linear:128} or {@code dropout:0.2}. */
    public static LayerSpec parse(String text) {
        Checks.arg(text != null && !text.isBlank(), "an empty layer in the network description");
        int colon = text.indexOf(':');
        if (colon < 0) {
            return of(text);
        }
        String value = text.substring(colon + 1).trim();
        try {
            return new LayerSpec(text.substring(0, colon), Double.parseDouble(value));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("layer '" + text.trim() + "': '" + value + "' is not a number");
        }
    }

    /** Parses a comma-separated network, such as {@code linear:256,gelu,dropout:0.2,linear:10}. */
    public static List<LayerSpec> parseList(String text) {
        Checks.arg(text != null && !text.isBlank(), "the network description is empty");
        List<LayerSpec> out = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            out.add(parse(part));
        }
        return List.copyOf(out);
    }

    @Override
    public String toString() {
        if (setting == null) {
            return type;
        }
        double v = setting;
        return type + ":" + (v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v));
    }
}
