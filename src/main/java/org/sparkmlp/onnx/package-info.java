/**
 * Export of trained models as ONNX files ({@link org.sparkmlp.onnx.OnnxExport}), to serve them without Spark.
 * Plain Java: the ONNX classes are generated from the official {@code onnx.proto} at build time.
 */
package org.sparkmlp.onnx;
