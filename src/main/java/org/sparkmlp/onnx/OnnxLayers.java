package org.sparkmlp.onnx;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.sparkmlp.math.Checks;
import org.sparkmlp.nn.LayerSpec;
import org.sparkmlp.nn.Layers;

/**
 * How each layer type of {@link Layers} is written as ONNX operators, by type name. A layer type registered
 * in {@link Layers} by a user is exported once a converter is registered here under the same name.
 */
public final class OnnxLayers {
    /** Writes one layer into a graph. */
    @FunctionalInterface
    public interface Converter {
        /**
         * Adds the nodes of layer {@code spec}, which reads tensor {@code input} of shape
         * {@code [batch, width]} and whose parameters start at {@code params[offset]}, in the layout its
         * {@link org.sparkmlp.nn.Layer} uses; returns the name of the tensor it outputs.
         */
        String add(OnnxGraph g, LayerSpec spec, int width, String input, double[] params, int offset);
    }

    /** {@code sqrt(2 / pi)}, of the tanh form of GELU. */
    private static final double GELU_C = Math.sqrt(2 / Math.PI);

    private static final Map<String, Converter> CONVERTERS = new ConcurrentHashMap<>();

    static {
        register("linear", OnnxLayers::linear);
        register("relu", (g, s, w, in, p, o) -> g.node("Relu", in));
        register("leakyrelu", (g, s, w, in, p, o) -> g.node("LeakyRelu", List.of(in), Map.of("alpha", s.setting())));
        register("sigmoid", (g, s, w, in, p, o) -> g.node("Sigmoid", in));
        register("tanh", (g, s, w, in, p, o) -> g.node("Tanh", in));
        register("gelu", OnnxLayers::gelu);
        register("layernorm", OnnxLayers::layerNorm);
        register("dropout", (g, s, w, in, p, o) -> in);
        register("softmax", (g, s, w, in, p, o) -> g.node("Softmax", List.of(in), Map.of("axis", -1L)));
    }

    private OnnxLayers() {}

    /** Adds the converter of layer type {@code type}; a type has one. */
    public static void register(String type, Converter converter) {
        Converter before = CONVERTERS.putIfAbsent(type, converter);
        Checks.arg(before == null || before == converter, "layer type '%s' already has an ONNX converter", type);
    }

    /** The converter of {@code type}; the error names the types that have one. */
    static Converter of(String type) {
        Converter c = CONVERTERS.get(type);
        Checks.arg(c != null, "layer type '%s' has no ONNX form; the types that have one are %s (register a converter "
            + "with OnnxLayers.register)", type, CONVERTERS.keySet().stream().sorted().toList());
        return c;
    }

    /** {@code inp · w + b}, with {@code w [width x units]} row-major, then {@code b}, as Gemm takes them. */
    private static String linear(OnnxGraph g, LayerSpec s, int width, String in, double[] p, int off) {
        int units = Layers.units(s.setting());
        String w = g.floats("weight", p, off, width, units);
        String b = g.floats("bias", p, off + width * units, units);
        return g.node("Gemm", in, w, b);
    }

    /** The tanh form, {@code x sigmoid(2 sqrt(2/pi) (x + 0.044715 x^3))}, as {@link org.sparkmlp.nn.GELU} computes it. */
    private static String gelu(OnnxGraph g, LayerSpec s, int width, String x, double[] p, int off) {
        String cube = g.node("Mul", g.node("Mul", x, x), x);
        String inner = g.node("Add", x, g.node("Mul", cube, g.floats("cubic", 0.044715)));
        String gate = g.node("Sigmoid", g.node("Mul", inner, g.floats("scale", 2 * GELU_C)));
        return g.node("Mul", x, gate);
    }

    /**
     * {@code gain (x - mean) / sqrt(var + eps) + bias} over each row: ONNX's LayerNormalization from
     * operator set 17, the same arithmetic in plain operators before it.
     */
    private static String layerNorm(OnnxGraph g, LayerSpec s, int width, String x, double[] p, int off) {
        String gain = g.floats("gain", p, off, width);
        String bias = g.floats("bias", p, off + width, width);
        if (g.opset() >= 17) {
            return g.node("LayerNormalization", List.of(x, gain, bias), Map.of("axis", -1L, "epsilon", s.setting()));
        }
        Map<String, Object> lastAxis = Map.of("axes", new long[] {-1}, "keepdims", 1L);
        String centred = g.node("Sub", x, g.node("ReduceMean", List.of(x), lastAxis));
        String variance = g.node("ReduceMean", List.of(g.node("Mul", centred, centred)), lastAxis);
        String deviation = g.node("Sqrt", g.node("Add", variance, g.floats("epsilon", s.setting())));
        return g.node("Add", g.node("Mul", g.node("Div", centred, deviation), gain), bias);
    }
}
