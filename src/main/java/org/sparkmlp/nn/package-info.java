/**
 * The network core: {@link org.sparkmlp.nn.Layer} and its implementations, the registry of layer types
 * ({@link org.sparkmlp.nn.Layers}), {@link org.sparkmlp.nn.MLP}, {@link org.sparkmlp.nn.ModelSpec} and
 * {@link org.sparkmlp.nn.FlatParams}. Plain Java; the same classes run on the driver, on executors and in
 * unit tests, in float32 or float64: precision is a property of the {@link org.sparkmlp.math.Matrix}
 * they work on, and each layer has one loop per precision.
 *
 * <p>Names follow one glossary: {@code w, b} are a layer's weights and biases and {@code dw, db} their
 * accumulated gradients; {@code inp, out} are a layer's input and output and {@code dinp, dout} the loss
 * gradients with respect to them; {@code batchSize, inDim, outDim} are the dimensions. Every matrix is
 * row-major with one example per row.
 */
package org.sparkmlp.nn;
