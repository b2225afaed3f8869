package org.sparkmlp.ml;

import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.sparkmlp.math.Checks;
import org.sparkmlp.model.MlpModel;
import org.sparkmlp.spark.ScoreColumns;
import org.sparkmlp.spark.SparkScoring;

/**
 * A classifier trained by {@link MlpClassifier}: a spark-mlp {@link MlpModel} ({@link #mlpModel()}) with
 * Spark ML's params and columns. {@link #transform} scores each partition in batches through the matrix
 * kernel and adds {@code prediction}, {@code probability} and {@code rawPrediction} (the scores before the
 * softmax) as Spark's classifiers do; {@link #predict}, {@link #predictRaw} and {@link #predictProbability}
 * give the same numbers for one row. Saved, its {@code PATH/data} is a spark-mlp model directory.
 */
public final class MlpClassificationModel
    extends ProbabilisticClassificationModel<Vector, MlpClassificationModel>
    implements MlpParams<MlpClassificationModel>, MLWritable {
    private static final long serialVersionUID = 1L;
    private final String uid;
    private final MlpParamSet params;
    private final MlpModel model;
    private transient ThreadLocal<org.sparkmlp.model.Predictor> predictor;

    public MlpClassificationModel(String uid, MlpModel model) {
        this(PendingUid.hold(uid), model, true);
    }

    private MlpClassificationModel(String uid, MlpModel model, boolean held) {
        this.uid = uid;
        PendingUid.release();
        Checks.arg(model.isClassification(), "the model at hand is a regression (loss %s), not a classifier",
            model.spec().loss());
        this.model = model;
        this.params = new MlpParamSet(this);
    }

    @Override
    public String uid() {
        return uid != null ? uid : PendingUid.held();
    }

    /**
     * Writes the model as an ONNX file ({@link org.sparkmlp.onnx.OnnxExport#toBytes(MlpModel)}: the vector's values in, the
     * standardisation and every layer inside) to a local path or a Hadoop file-system URI. With
     * {@code thresholds} set, the file's label output applies them as this model's prediction column does.
     */
    public void exportOnnx(String path) throws java.io.IOException {
        exportOnnx(path, org.sparkmlp.onnx.OnnxExport.DEFAULT_OPSET);
    }

    /** {@link #exportOnnx(String)} for ONNX operator set {@code opset}. */
    public void exportOnnx(String path, int opset) throws java.io.IOException {
        new org.sparkmlp.spark.SparkMlpModel(model).exportOnnx(path, opset,
            isDefined(thresholds()) ? getThresholds() : null);
    }

    @Override
    public MlpParamSet mlpParams() {
        return params;
    }

    /** The spark-mlp model: what {@code scripts/spark-mlp} and spark-mlp's Java API take. */
    public MlpModel mlpModel() {
        return model;
    }

    /** The flat weights, layer by layer (each layer's weights, then its biases), as MLlib's model has them. */
    public Vector weights() {
        return Vectors.dense(model.params());
    }

    @Override
    public int numClasses() {
        return model.numClasses();
    }

    @Override
    public int numFeatures() {
        return model.spec().inputDim();
    }

    /** The output columns this model's params name, with Spark ML vectors and its thresholds. */
    static ScoreColumns scoreColumns(org.apache.spark.ml.classification.ProbabilisticClassifierParams p) {
        return new ScoreColumns(p.getPredictionCol(), p.getProbabilityCol(), p.getRawPredictionCol(),
            MlVectors.INSTANCE, p.isDefined(p.thresholds()) ? p.getThresholds() : null);
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        return SparkScoring.transform(model, dataset.toDF(), "the input of " + uid, scoreColumns(this));
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return SparkScoring.transformSchema(model, schema, "the input of " + uid, scoreColumns(this));
    }

    /** A predictor of one row for this thread, holding {@code features}. */
    private org.sparkmlp.model.Predictor predictorFor(Vector features) {
        Checks.arg(features.size() == numFeatures(), "the features have %s values; the model expects %s",
            features.size(), numFeatures());
        ThreadLocal<org.sparkmlp.model.Predictor> local;
        synchronized (this) {
            if (predictor == null) {
                predictor = ThreadLocal.withInitial(() -> model.newPredictor(1));
            }
            local = predictor;
        }
        org.sparkmlp.model.Predictor p = local.get();
        p.setRow(0, features.toArray());
        return p;
    }

    @Override
    public Vector predictRaw(Vector features) {
        org.sparkmlp.model.Predictor p = predictorFor(features);
        p.run(1);
        return Vectors.dense(java.util.Arrays.copyOf(p.logits().data(), numClasses()));
    }

    @Override
    public Vector predictProbability(Vector features) {
        return Vectors.dense(java.util.Arrays.copyOf(predictorFor(features).run(1).data(), numClasses()));
    }

    @Override
    public double predict(Vector features) {
        double[] probabilities = predictProbability(features).toArray();
        return scoreColumns(this).predict(probabilities, 0, probabilities.length);
    }

    /** The softmax of the scores, in place. */
    @Override
    public Vector raw2probabilityInPlace(Vector rawPrediction) {
        Checks.arg(rawPrediction instanceof DenseVector, "expected dense scores, got %s", rawPrediction);
        double[] v = ((DenseVector) rawPrediction).values();
        double max = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            max = Math.max(max, x);
        }
        double sum = 0;
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.exp(v[i] - max);
            sum += v[i];
        }
        for (int i = 0; i < v.length; i++) {
            v[i] /= sum;
        }
        return rawPrediction;
    }

    /**
     * Spark's hook for training summaries (which spark-mlp's models do not have): this model and its
     * probability and prediction columns. Declared here only because Java must choose between the two
     * inherited declarations.
     */
    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public scala.Tuple3 findSummaryModel() {
        return new scala.Tuple3(this, getProbabilityCol(), getPredictionCol());
    }

    @Override
    public MlpClassificationModel copy(ParamMap extra) {
        return copyValues(new MlpClassificationModel(uid, model), extra).setParent(parent());
    }

    @Override
    public MLWriter write() {
        return MlpPersistence.writer(this, model);
    }

    public static MLReader<MlpClassificationModel> read() {
        return MlpPersistence.reader(MlpClassificationModel.class,
            (md, path, spark) -> new MlpClassificationModel(md.uid(), MlpPersistence.loadModel(path, spark)));
    }

    public static MlpClassificationModel load(String path) {
        return read().load(path);
    }

    @Override
    public String toString() {
        return "MlpClassificationModel: uid=" + uid + ", " + model.spec() + ", numClasses=" + numClasses()
            + ", numFeatures=" + numFeatures();
    }
}
