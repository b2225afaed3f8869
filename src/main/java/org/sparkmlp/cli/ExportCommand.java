package org.sparkmlp.cli;

import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.sparkmlp.model.MlpModel;
import org.sparkmlp.onnx.OnnxExport;
import org.sparkmlp.spark.SparkMlpModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Write a saved model as an ONNX file, to serve it without Spark (ONNX Runtime and others). The "
        + "file takes the raw feature values, float32 [batch, features], as input 'features'; the standardisation "
        + "and every layer are in the graph; a model of a table's raw columns takes one input per column instead, "
        + "[batch, 1], strings for the categorical ones, with its encoding in the graph. A classifier's outputs are "
        + "'probability' and 'label' (int64, or the class name where the label named its classes); a "
        + "regression's is 'prediction', in the label's units."})
final class ExportCommand implements Callable<Integer> {
    @Mixin
    JarOptions jarOptions;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--output", required = true, paramLabel = "FILE",
        description = "Where to write the .onnx file: a local path, or a Hadoop file-system URI (hdfs://...).")
    String output;

    @Option(names = "--opset", paramLabel = "N", defaultValue = "" + OnnxExport.DEFAULT_OPSET,
        description = "The ONNX operator set to write, " + OnnxExport.MIN_OPSET + " to " + OnnxExport.MAX_OPSET
            + ". Default: ${DEFAULT-VALUE}.")
    int opset;

    @Override
    public Integer call() throws Exception {
        MlpModel m = modelOptions.load();
        SparkMlpModel.exportOnnx(m, output, opset, new Configuration());
        System.err.println("wrote " + output + " (ONNX operator set " + opset + ")");
        return 0;
    }
}
