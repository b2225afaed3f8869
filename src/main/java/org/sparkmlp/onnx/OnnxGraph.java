package org.sparkmlp.onnx;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sparkmlp.math.Checks;
import org.sparkmlp.onnx.proto.OnnxProto.AttributeProto;
import org.sparkmlp.onnx.proto.OnnxProto.GraphProto;
import org.sparkmlp.onnx.proto.OnnxProto.NodeProto;
import org.sparkmlp.onnx.proto.OnnxProto.TensorProto;

/**
 * An ONNX graph being built: nodes of the default operator domain, reading and writing named tensors, and
 * the constant tensors (initializers) they use. Every name it hands out is unique in the graph. A layer's
 * {@link OnnxLayers.Converter} adds its nodes through it.
 */
public final class OnnxGraph {
    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final int opset;
    private final Set<String> names = new HashSet<>();
    private String prefix = "";

    OnnxGraph(int opset, List<String> inputs) {
        this.opset = opset;
        for (String input : inputs) {
            Checks.arg(names.add(input), "the graph already has an input named %s", input);
        }
    }

    /** The operator-set version the graph is written for. */
    public int opset() {
        return opset;
    }

    /** Names the tensors and nodes that follow after {@code prefix}, the layer they belong to. */
    void prefix(String prefix) {
        this.prefix = prefix;
    }

    /** The current {@link #prefix(String) prefix}. */
    String prefix() {
        return prefix;
    }

    /** A name not yet used in the graph, made from {@code hint} and the current prefix. */
    private String fresh(String hint) {
        String base = prefix.isEmpty() ? hint : prefix + "." + hint;
        String name = base;
        for (int i = 1; !names.add(name); i++) {
            name = base + "_" + i;
        }
        return name;
    }

    /**
     * Adds a node of operator {@code op} (default domain) and returns the name of its one output.
     *
     * @param attributes the node's attributes: {@code Long} or {@code Integer} (int), {@code Double} or
     *                   {@code Float} (float), {@code String}, or {@code long[]} (ints)
     */
    public String node(String op, List<String> inputs, Map<String, Object> attributes) {
        return node("", op, inputs, attributes);
    }

    /**
     * {@link #node(String, List, Map)} of operator {@code op} in {@code domain} ({@code ai.onnx.ml}); the
     * attributes may also be {@code String[]} (strings).
     */
    String node(String domain, String op, List<String> inputs, Map<String, Object> attributes) {
        String out = fresh(op.toLowerCase(java.util.Locale.ROOT));
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(out).addAllInput(inputs).addOutput(out);
        if (!domain.isEmpty()) {
            n.setDomain(domain);
        }
        attributes.entrySet().stream().sorted(Map.Entry.comparingByKey())
            .forEach(a -> n.addAttribute(attribute(a.getKey(), a.getValue())));
        graph.addNode(n);
        return out;
    }

    /** {@link #node(String, List, Map)} without attributes. */
    public String node(String op, String... inputs) {
        return node(op, List.of(inputs), Map.of());
    }

    /** Adds a float32 constant of shape {@code dims} (row-major) and returns its name. */
    public String floats(String hint, double[] values, int offset, long... dims) {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        Checks.arg(offset >= 0 && offset + n <= values.length, "a %s tensor at %s does not fit %s values",
            java.util.Arrays.toString(dims), offset, values.length);
        ByteBuffer bytes = ByteBuffer.allocate(Math.toIntExact(n * Float.BYTES)).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            bytes.putFloat((float) values[offset + i]);
        }
        String name = fresh(hint);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
            .setRawData(ByteString.copyFrom(bytes.array()));
        for (long d : dims) {
            t.addDims(d);
        }
        graph.addInitializer(t);
        return name;
    }

    /** An int64 constant holding {@code values}, a vector. */
    String longs(String hint, long... values) {
        String name = fresh(hint);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE)
            .addDims(values.length);
        for (long v : values) {
            t.addInt64Data(v);
        }
        graph.addInitializer(t);
        return name;
    }

    /** A string constant holding {@code values}, a vector. */
    String strings(String hint, List<String> values) {
        String name = fresh(hint);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.STRING_VALUE)
            .addDims(values.size());
        values.forEach(v -> t.addStringData(ByteString.copyFromUtf8(v)));
        graph.addInitializer(t);
        return name;
    }

    /** A float32 constant holding {@code values}, a vector. */
    public String floats(String hint, double... values) {
        return floats(hint, values, 0, values.length);
    }

    /**
     * Renames tensor {@code from}, the output of the last node that writes it, to {@code to}, in that node
     * and in every node that reads it.
     */
    void rename(String from, String to) {
        Checks.arg(names.add(to), "the graph already has a tensor named %s", to);
        for (int i = 0; i < graph.getNodeCount(); i++) {
            NodeProto.Builder n = graph.getNodeBuilder(i);
            for (int j = 0; j < n.getOutputCount(); j++) {
                if (n.getOutput(j).equals(from)) {
                    n.setOutput(j, to);
                }
            }
            for (int j = 0; j < n.getInputCount(); j++) {
                if (n.getInput(j).equals(from)) {
                    n.setInput(j, to);
                }
            }
        }
    }

    /** Whether some node writes tensor {@code name}. */
    boolean produces(String name) {
        return graph.getNodeList().stream().anyMatch(n -> n.getOutputList().contains(name));
    }

    GraphProto.Builder proto() {
        return graph;
    }

    private static AttributeProto attribute(String name, Object value) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name);
        if (value instanceof Long || value instanceof Integer) {
            a.setType(AttributeProto.AttributeType.INT).setI(((Number) value).longValue());
        } else if (value instanceof Double || value instanceof Float) {
            a.setType(AttributeProto.AttributeType.FLOAT).setF(((Number) value).floatValue());
        } else if (value instanceof String s) {
            a.setType(AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8(s));
        } else if (value instanceof String[] strings) {
            a.setType(AttributeProto.AttributeType.STRINGS);
            for (String v : strings) {
                a.addStrings(ByteString.copyFromUtf8(v));
            }
        } else if (value instanceof long[] ints) {
            a.setType(AttributeProto.AttributeType.INTS);
            for (long v : ints) {
                a.addInts(v);
            }
        } else {
            throw new IllegalArgumentException("attribute " + name + ": unsupported value " + value);
        }
        return a.build();
    }
}
