package org.sparkmlp.ml;

import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.Regressor;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;
import org.sparkmlp.model.MlpModel;
import org.sparkmlp.nn.Task;

/**
 * spark-mlp's regressor as a Spark ML estimator: one numeric label column, predicted in its own units
 * (the trainer standardises the label and undoes it). The params are {@link MlpClassifier}'s; {@code loss}
 * is {@code mse} by default ({@code mae} is the other choice), and the last of {@code layers} is 1.
 */
public final class MlpRegressor extends Regressor<Vector, MlpRegressor, MlpRegressionModel>
    implements MlpParams<MlpRegressor>, MLWritable {
    private static final long serialVersionUID = 1L;
    private final String uid;
    private final MlpParamSet params;

    public MlpRegressor() {
        this(PendingUid.random("mlpr"));
    }

    public MlpRegressor(String uid) {
        this(PendingUid.hold(uid), true);
    }

    private MlpRegressor(String uid, boolean held) {
        this.uid = uid;
        PendingUid.release();
        this.params = new MlpParamSet(this);
        setDefault(loss(), "mse");
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
    public MlpRegressionModel fit(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        return train(dataset);
    }

    @Override
    public MlpRegressionModel train(Dataset<?> dataset) {
        MlpModel model = MlpEstimation.fit(this, Task.REGRESSION, dataset, getLabelCol(), getFeaturesCol());
        return copyValues(new MlpRegressionModel(uid, model), new ParamMap()).setParent(this);
    }

    /** Checks the label and feature columns and adds the prediction column. */
    @Override
    public StructType transformSchema(StructType schema) {
        MlpEstimation.checkFitSchema(this, schema, getLabelCol(), getFeaturesCol());
        return MlpRegressionModel.scoreColumns(getPredictionCol()).addTo(schema, false, false);
    }

    @Override
    public MlpRegressor copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    @Override
    public MLWriter write() {
        return MlpPersistence.writer(this, null);
    }

    public static MLReader<MlpRegressor> read() {
        return MlpPersistence.reader(MlpRegressor.class, (md, path, spark) -> new MlpRegressor(md.uid()));
    }

    public static MlpRegressor load(String path) {
        return read().load(path);
    }
}
