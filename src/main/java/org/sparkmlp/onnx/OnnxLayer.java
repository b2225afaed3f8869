package org.sparkmlp.onnx;

import org.sparkmlp.nn.LayerSpec;

/**
 * A layer that writes its own ONNX nodes: what a layer type from an {@link org.sparkmlp.nn.Extension}
 * implements, beside {@link org.sparkmlp.nn.Layer}, to be exported. Export refuses, naming the type, a
 * layer that neither is built in nor implements this.
 */
public interface OnnxLayer {
    /**
     * Adds this layer's nodes to {@code g}: the layer (described by {@code spec}) reads tensor {@code input} of
     * shape {@code [batch, width]}, and its parameters start at {@code params[offset]}, in the layout the layer
     * uses; returns the name of the tensor it outputs, of shape {@code [batch, outputWidth(width)]}.
     */
    String addOnnx(OnnxGraph g, LayerSpec spec, int width, String input, double[] params, int offset);
}
