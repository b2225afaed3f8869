package org.sparkmlp.spark;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.sparkmlp.model.Metrics;
import org.sparkmlp.model.MlpModel;
import org.sparkmlp.model.ModelIO;

/**
 * A trained model as Spark users handle one: {@link #transform} adds {@code prediction},
 * {@code probability} and {@code rawPrediction} columns to a {@code Dataset<Row>}, as Spark ML's models
 * do; {@link #evaluate} gives its metrics on labelled rows. {@link #model()} is the plain-Java model.
 */
public record SparkMlpModel(MlpModel model) implements Serializable {

    /** The rows of {@code df} with the model's predictions; see {@link SparkScoring#transform}. */
    public Dataset<Row> transform(Dataset<Row> df) {
        return SparkScoring.transform(model, df, "the input");
    }

    /** The metrics of the model on {@code df}, which has its feature and label columns. */
    public Metrics evaluate(Dataset<Row> df) {
        return SparkScoring.evaluate(model, df, "the input");
    }

    /** The metrics saved with the model: iterations, final loss, training and validation metrics. */
    public Map<String, Double> metrics() {
        return model.metrics();
    }

    public void save(Path dir, boolean overwrite) throws IOException {
        ModelIO.save(model, dir, overwrite);
    }

    /** Saves to a local path or a Hadoop file-system URI ({@code hdfs://...}), with the active session's settings. */
    public void save(String location, boolean overwrite) throws IOException {
        ModelIO.save(model, HadoopFileDir.at(location, hadoopConf()), overwrite, Map.of());
    }

    /**
     * Writes the model as an ONNX file ({@link org.sparkmlp.onnx.OnnxExport#toBytes(MlpModel)}) to a local path or a Hadoop file-system URI,
     * replacing a file there only once the new one is complete.
     */
    public void exportOnnx(String location) throws IOException {
        exportOnnx(location, org.sparkmlp.onnx.OnnxExport.DEFAULT_OPSET);
    }

    /** {@link #exportOnnx(String)} for ONNX operator set {@code opset}. */
    public void exportOnnx(String location, int opset) throws IOException {
        exportOnnx(model, location, opset, hadoopConf());
    }

    /** {@link #exportOnnx(String, int)} with the label chosen through Spark's {@code thresholds} (null for none). */
    public void exportOnnx(String location, int opset, double[] thresholds) throws IOException {
        exportOnnx(model, location, opset, thresholds, hadoopConf());
    }

    /**
     * Writes {@code model} as an ONNX file to {@code location}: a local path, or a URI of a Hadoop file system
     * configured by {@code conf}.
     */
    public static void exportOnnx(MlpModel model, String location, int opset, org.apache.hadoop.conf.Configuration conf)
        throws IOException {
        exportOnnx(model, location, opset, null, conf);
    }

    /**
     * {@link #exportOnnx(MlpModel, String, int, org.apache.hadoop.conf.Configuration)} with the ONNX label
     * chosen through Spark's {@code thresholds} (null for none; see {@link org.sparkmlp.onnx.OnnxExport}).
     */
    public static void exportOnnx(MlpModel model, String location, int opset, double[] thresholds,
                                  org.apache.hadoop.conf.Configuration conf) throws IOException {
        byte[] bytes = org.sparkmlp.onnx.OnnxExport.toBytes(model, opset, thresholds);
        HadoopFileDir.Entry out = HadoopFileDir.file(location, conf);
        out.dir().mkdirs();
        out.dir().write(out.name(), bytes);
    }

    public static SparkMlpModel load(Path dir) throws IOException {
        return new SparkMlpModel(ModelIO.load(dir));
    }

    /** Loads from a local path or a Hadoop file-system URI, with the active session's settings. */
    public static SparkMlpModel load(String location) throws IOException {
        return new SparkMlpModel(ModelIO.load(HadoopFileDir.at(location, hadoopConf())));
    }

    private static org.apache.hadoop.conf.Configuration hadoopConf() {
        return org.apache.spark.sql.SparkSession.active().sparkContext().hadoopConfiguration();
    }
}
