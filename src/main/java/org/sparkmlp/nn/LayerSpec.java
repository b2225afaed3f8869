package org.sparkmlp.nn;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.sparkmlp.math.Checks;

/**
 * One layer of a network's description: a type registered in {@link Layers}, its one setting if the type has
 * one (a linear layer's units, a dropout rate, a leaky ReLU's slope), and, for a type that holds layers (a
 * {@link Block}), the layers it holds. Written {@code linear:128}, {@code dropout:0.2}, {@code relu},
 * {@code residual(linear:128,relu,linear:128)}; {@link ModelSpec} fills in defaults and checks the rest.
 *
 * @param type    the registered type name, in lower case
 * @param setting the type's setting, or null for none (or its default)
 * @param layers  the layers a block holds, in order; empty for any other layer
 */
public record LayerSpec(String type, Double setting, List<LayerSpec> layers) implements Serializable {

    public LayerSpec {
        Checks.arg(type != null && !type.isBlank(), "a layer needs a type, such as linear or relu");
        type = type.trim().toLowerCase(Locale.ROOT);
        Checks.arg(setting == null || Double.isFinite(setting), "layer %s: its setting must be a finite number, got %s",
            type, setting);
        layers = layers == null ? List.of() : List.copyOf(layers);
    }

    /** A layer that holds no layers. */
    public LayerSpec(String type, Double setting) {
        this(type, setting, List.of());
    }

    /** A layer without a setting. */
    public static LayerSpec of(String type) {
        return new LayerSpec(type, null);
    }

    /** A layer with a setting. */
    public static LayerSpec of(String type, double setting) {
        return new LayerSpec(type, setting);
    }

    /** A block of {@code type} holding {@code layers}, such as a residual block. */
    public static LayerSpec block(String type, List<LayerSpec> layers) {
        return new LayerSpec(type, null, layers);
    }

    /**
     * Parses {@code type}, {@code type:setting} or {@code type(layer,layer,...)}, such as {@code linear:128},
     * {@code dropout:0.2} or {@code residual(linear:64,relu,linear:64)}.
     */
    public static LayerSpec parse(String text) {
        Checks.arg(text != null && !text.isBlank(), "an empty layer in the network description");
        String t = text.trim();
        int open = t.indexOf('(');
        if (open >= 0) {
            Checks.arg(t.endsWith(")"), "layer '%s': the layers it holds go in parentheses, as in "
                + "residual(linear:64,relu,linear:64)", t);
            Checks.arg(open > 0, "layer '%s': the parentheses follow a type name, as in residual(...)", t);
            String inner = t.substring(open + 1, t.length() - 1);
            Checks.arg(!inner.isBlank(), "layer '%s' holds no layers", t);
            LayerSpec head = parse(t.substring(0, open));
            return new LayerSpec(head.type(), head.setting(), parseList(inner));
        }
        Checks.arg(t.indexOf(')') < 0, "layer '%s': a ')' without its '('", t);
        int colon = t.indexOf(':');
        if (colon < 0) {
            return of(t);
        }
        String value = t.substring(colon + 1).trim();
        try {
            return new LayerSpec(t.substring(0, colon), Double.parseDouble(value));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("layer '" + t + "': '" + value + "' is not a number");
        }
    }

    /**
     * Parses a comma-separated network, such as {@code linear:256,gelu,dropout:0.2,linear:10}; a comma inside a
     * block's parentheses separates the block's own layers.
     */
    public static List<LayerSpec> parseList(String text) {
        Checks.arg(text != null && !text.isBlank(), "the network description is empty");
        List<LayerSpec> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                Checks.arg(--depth >= 0, "the network description '%s' closes a parenthesis it did not open, at "
                    + "character %s", text, i + 1);
            } else if (c == ',' && depth == 0) {
                out.add(parse(text.substring(start, i)));
                start = i + 1;
            }
        }
        Checks.arg(depth == 0, "the network description '%s' leaves %s parenthes%s open", text, depth,
            depth == 1 ? "is" : "es");
        out.add(parse(text.substring(start)));
        return List.copyOf(out);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(type);
        if (setting != null) {
            double v = setting;
            s.append(':').append(v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v));
        }
        if (!layers.isEmpty()) {
            s.append('(');
            for (int i = 0; i < layers.size(); i++) {
                s.append(i == 0 ? "" : ",").append(layers.get(i));
            }
            s.append(')');
        }
        return s.toString();
    }
}
