package org.sparkmlp.ml;

import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.RegressionModel;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.sparkmlp.math.Checks;
import org.sparkmlp.model.MlpModel;
import org.sparkmlp.model.Predictor;
import org.sparkmlp.spark.ScoreColumns;
import org.sparkmlp.spark.SparkScoring;

/**
 * A regression trained by {@link MlpRegressor}: a spark-mlp {@link MlpModel} ({@link #mlpModel()}) with
 * Spark ML's params. {@link #transform} scores each partition in batches through the matrix kernel and
 * adds {@code prediction} in the label's units; {@link #predict} gives the same number for one row. Saved,
 * its {@code PATH/data} is a spark-mlp model directory.
 */
public final class MlpRegressionModel extends RegressionModel<Vector, MlpRegressionModel>
    implements MlpParams<MlpRegressionModel>, MLWritable {
    private static final long serialVersionUID = 1L;
    private final String uid;
    private final MlpParamSet params;
    private final MlpModel model;
    private transient ThreadLocal<Predictor> predictor;

    public MlpRegressionModel(String uid, MlpModel model) {
        this(PendingUid.hold(uid), model, true);
    }

    private MlpRegressionModel(String uid, MlpModel model, boolean held) {
        this.uid = uid;
        PendingUid.release();
        Checks.arg(model.task() == org.sparkmlp.nn.Task.REGRESSION && model.labelColumns().size() == 1,
            "the model at hand is not a regression of one label (its labels: %s, loss %s)", model.labelColumns(),
            model.spec().loss());
        this.model = model;
        this.params = new MlpParamSet(this);
        setDefault(loss(), "mse");
    }

    @Override
    public String uid() {
        return uid != null ? uid : PendingUid.held();
    }

    /**
     * Writes the model as an ONNX file ({@link org.sparkmlp.onnx.OnnxExport#toBytes(MlpModel)}: the vector's values in, the
     * standardisation and every layer inside) to a local path or a Hadoop file-system URI.
     */
    public void exportOnnx(String path) throws java.io.IOException {
        new org.sparkmlp.spark.SparkMlpModel(model).exportOnnx(path);
    }

    /** {@link #exportOnnx(String)} for ONNX operator set {@code opset}. */
    public void exportOnnx(String path, int opset) throws java.io.IOException {
        new org.sparkmlp.spark.SparkMlpModel(model).exportOnnx(path, opset);
    }

    @Override
    public MlpParamSet mlpParams() {
        return params;
    }

    /** The spark-mlp model: what {@code scripts/spark-mlp} and spark-mlp's Java API take. */
    public MlpModel mlpModel() {
        return model;
    }

    /** The flat weights, layer by layer (each layer's weights, then its biases). */
    public Vector weights() {
        return Vectors.dense(model.params());
    }

    @Override
    public int numFeatures() {
        return model.spec().inputDim();
    }

    static ScoreColumns scoreColumns(String prediction) {
        return new ScoreColumns(prediction, "", "", ScoreColumns.ARRAYS, null);
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        return SparkScoring.transform(model, dataset.toDF(), "the input of " + uid, scoreColumns(getPredictionCol()));
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return SparkScoring.transformSchema(model, schema, "the input of " + uid, scoreColumns(getPredictionCol()));
    }

    @Override
    public double predict(Vector features) {
        Checks.arg(features.size() == numFeatures(), "the features have %s values; the model expects %s",
            features.size(), numFeatures());
        ThreadLocal<Predictor> local;
        synchronized (this) {
            if (predictor == null) {
                predictor = ThreadLocal.withInitial(() -> model.newPredictor(1));
            }
            local = predictor;
        }
        Predictor p = local.get();
        p.setRow(0, features.toArray());
        return p.run(1).data()[0];
    }

    @Override
    public MlpRegressionModel copy(ParamMap extra) {
        return copyValues(new MlpRegressionModel(uid, model), extra).setParent(parent());
    }

    @Override
    public MLWriter write() {
        return MlpPersistence.writer(this, model);
    }

    public static MLReader<MlpRegressionModel> read() {
        return MlpPersistence.reader(MlpRegressionModel.class,
            (md, path, spark) -> new MlpRegressionModel(md.uid(), MlpPersistence.loadModel(path, spark)));
    }

    public static MlpRegressionModel load(String path) {
        return read().load(path);
    }

    @Override
    public String toString() {
        return "MlpRegressionModel: uid=" + uid + ", " + model.spec() + ", numFeatures=" + numFeatures();
    }
}
