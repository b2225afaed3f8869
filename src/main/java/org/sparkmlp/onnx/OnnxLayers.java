package org.sparkmlp.onnx;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.sparkmlp.math.Checks;
import org.sparkmlp.nn.Block;
import org.sparkmlp.nn.Layer;
import org.sparkmlp.nn.LayerSpec;
import org.sparkmlp.nn.Layers;
import org.sparkmlp.nn.Residual;

/**
 * How each built-in layer type of {@link Layers} is written as ONNX operators, by type name. A layer type
 * from an {@link org.sparkmlp.nn.Extension} writes its own nodes: its layer implements {@link OnnxLayer}.
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

    /** Adds the converter of built-in layer type {@code type}; a type has one. */
    private static void register(String type, Converter converter) {
        Converter before = CONVERTERS.putIfAbsent(type, converter);
        Checks.arg(before == null || before == converter, "layer type '%s' already has an ONNX converter", type);
    }

    /**
     * The converter of {@code layer}, of type {@code type}: the built-in one, or the layer's own when it is an
     * {@link OnnxLayer}; the error names the type and the types that have one.
     */
    static Converter of(String type, Layer layer) {
        Converter c = CONVERTERS.get(type);
        if (c == null && layer instanceof Residual r) {
            return (g, s, w, in, p, o) -> residual(g, s, r, w, in, p, o);
        }
        if (c == null && layer instanceof OnnxLayer own) {
            return own::addOnnx;
        }
        Checks.arg(c != null, "layer type '%s' has no ONNX form; the types that have one are %s and those whose "
            + "layer implements %s", type, Layers.builtIn(), OnnxLayer.class.getName());
        return c;
    }

    /**
     * Writes the layers {@code spec} holds, one after the other, each under the block's prefix and its index in
     * the block, from {@code params[offset]} on, as the network writes its own.
     */
    private static String chain(OnnxGraph g, LayerSpec spec, Block block, int width, String in, double[] p, int off) {
        String outer = g.prefix();
        String x = in;
        for (int i = 0; i < block.layers().size(); i++) {
            Layer l = block.layers().get(i);
            LayerSpec held = spec.layers().get(i);
            g.prefix(outer + "." + i);
            x = of(held.type(), l).add(g, held, width, x, p, off);
            off += l.numParams();
            width = l.outputWidth(width);
        }
        g.prefix(outer);
        return x;
    }

    /** {@code x + f(x)}: the block's layers, then an Add of their output and the block's input. */
    private static String residual(OnnxGraph g, LayerSpec s, Residual r, int width, String in, double[] p, int off) {
        return g.node("Add", in, chain(g, s, r, width, in, p, off));
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
