package org.sparkmlp.ml;

import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;
import org.sparkmlp.model.MlpModel;
import org.sparkmlp.nn.Task;

/**
 * spark-mlp's classifier as a Spark ML estimator, in place of MLlib's
 * {@code MultilayerPerceptronClassifier}: the same params where MLlib has them ({@code layers},
 * {@code maxIter}, {@code stepSize}, {@code solver}, {@code tol}, {@code blockSize}, {@code seed},
 * {@code initialWeights}, the column params and {@code thresholds}), and every other spark-mlp setting
 * under its builder name. Features are a vector column (dense or sparse), an array column, or the numeric
 * columns of {@link #setFeatures}; labels are class indices {@code 0..K-1} of any numeric type, and the last
 * of {@code layers} is K.
 *
 * <pre>{@code
 * MlpClassificationModel model = new MlpClassifier().setLayers(new int[] {16, 64, 26}).setMaxIter(20).fit(train);
 * }</pre>
 */
public final class MlpClassifier extends ProbabilisticClassifier<Vector, MlpClassifier, MlpClassificationModel>
    implements MlpParams<MlpClassifier>, MLWritable {
    private static final long serialVersionUID = 1L;
    private final String uid;
    private final MlpParamSet params;

    public MlpClassifier() {
        this(PendingUid.random("mlpc"));
    }

    public MlpClassifier(String uid) {
        this(PendingUid.hold(uid), true);
    }

    private MlpClassifier(String uid, boolean held) {
        this.uid = uid;
        PendingUid.release();
        this.params = new MlpParamSet(this);
    }

    @Override
    public String uid() {
        return uid != null ? uid : PendingUid.held();
    }

    @Override
    public MlpParamSet mlpParams() {
        return params;
    }

    /** Trains on {@code dataset}: its label column, and the features as {@link MlpClassifier} describes. */
    @Override
    public MlpClassificationModel fit(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        return train(dataset);
    }

    @Override
    public MlpClassificationModel train(Dataset<?> dataset) {
        MlpModel model = MlpEstimation.fit(this, Task.CLASSIFICATION, dataset, getLabelCol(), getFeaturesCol());
        return copyValues(new MlpClassificationModel(uid, model), new ParamMap()).setParent(this);
    }

    /** Checks the label and feature columns and adds the prediction, probability and rawPrediction columns. */
    @Override
    public StructType transformSchema(StructType schema) {
        MlpEstimation.checkFitSchema(this, schema, getLabelCol(), getFeaturesCol());
        return MlpClassificationModel.scoreColumns(this).addTo(schema, true, false);
    }

    @Override
    public MlpClassifier copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    @Override
    public MLWriter write() {
        return MlpPersistence.writer(this, null);
    }

    public static MLReader<MlpClassifier> read() {
        return MlpPersistence.reader(MlpClassifier.class, (md, path, spark) -> new MlpClassifier(md.uid()));
    }

    public static MlpClassifier load(String path) {
        return read().load(path);
    }
}
