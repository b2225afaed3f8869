package org.sparkmlp.ml;

import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.param.StringArrayParam;
import org.sparkmlp.train.Settings;

/**
 * The params spark-mlp's estimators and models share. Where MLlib's {@code MultilayerPerceptronClassifier}
 * has a param, it has the same name and meaning ({@code layers}, {@code maxIter}, {@code stepSize},
 * {@code solver}, {@code tol}, {@code blockSize}, {@code seed}, {@code initialWeights},
 * {@code weightCol}); every other training setting is a param named as the builder and the command line
 * name it ({@code batchSize}, {@code dropout}, {@code weightDecay}, ...), with the same default, from
 * {@link Settings} (see {@link MlpParamSet}).
 *
 * @param <T> the class itself, which the setters return
 */
public interface MlpParams<T extends MlpParams<T>> extends Params {
    /** The Param objects of this instance. */
    MlpParamSet mlpParams();

    @SuppressWarnings("unchecked")
    private <V> T setParam(Param<V> param, V value) {
        set(param, value);
        return (T) this;
    }

    /**
     * MLlib's convergence tolerance: training stops when an epoch's mean training loss improves on the
     * previous epoch's by less than {@code tol} times it; 0 (the default) trains every epoch.
     */
    default DoubleParam tol() {
        return mlpParams().param("tol");
    }

    default double getTol() {
        return (Double) getOrDefault(tol());
    }

    default T setTol(double value) {
        return setParam(tol(), value);
    }

    /** MLlib's initial weights: the flat parameter vector to start from instead of the seeded initialisation. */
    default Param<Vector> initialWeights() {
        return mlpParams().param("initialWeights");
    }

    default Vector getInitialWeights() {
        return getOrDefault(initialWeights());
    }

    default T setInitialWeights(Vector value) {
        return setParam(initialWeights(), value);
    }

    /** The trainer's {@code features} setting: {@link Settings#FEATURES}. */
    default StringArrayParam features() {
        return mlpParams().param("features");
    }

    default String[] getFeatures() {
        return (String[]) getOrDefault(features());
    }

    default T setFeatures(String[] value) {
        return setParam(features(), value);
    }

    /** The columns the features come from: the {@code features} list when set, else {@code featuresCol}. */
    default java.util.List<String> featureColumns(String featuresCol) {
        return isDefined(features()) && getFeatures().length > 0 ? java.util.List.of(getFeatures())
            : java.util.List.of(featuresCol);
    }

    /** The trainer's {@code layers} setting (by MLlib's name): {@link Settings#LAYERS}. */
    default IntArrayParam layers() {
        return mlpParams().param("layers");
    }

    default int[] getLayers() {
        return (int[]) getOrDefault(layers());
    }

    default T setLayers(int[] value) {
        return setParam(layers(), value);
    }

    /** The trainer's {@code network} setting: {@link Settings#NETWORK}. */
    default Param<String> network() {
        return mlpParams().param("network");
    }

    default String getNetwork() {
        return (String) getOrDefault(network());
    }

    default T setNetwork(String value) {
        return setParam(network(), value);
    }

    /** The trainer's {@code activation} setting: {@link Settings#ACTIVATION}. */
    default Param<String> activation() {
        return mlpParams().param("activation");
    }

    default String getActivation() {
        return (String) getOrDefault(activation());
    }

    default T setActivation(String value) {
        return setParam(activation(), value);
    }

    /** The trainer's {@code loss} setting: {@link Settings#LOSS}. */
    default Param<String> loss() {
        return mlpParams().param("loss");
    }

    default String getLoss() {
        return (String) getOrDefault(loss());
    }

    default T setLoss(String value) {
        return setParam(loss(), value);
    }

    /** The trainer's {@code optimizer} setting (by MLlib's name): {@link Settings#OPTIMIZER}. */
    default Param<String> solver() {
        return mlpParams().param("solver");
    }

    default String getSolver() {
        return (String) getOrDefault(solver());
    }

    default T setSolver(String value) {
        return setParam(solver(), value);
    }

    /** The trainer's {@code lr} setting (by MLlib's name): {@link Settings#LR}. */
    default DoubleParam stepSize() {
        return mlpParams().param("stepSize");
    }

    default double getStepSize() {
        return (Double) getOrDefault(stepSize());
    }

    default T setStepSize(double value) {
        return setParam(stepSize(), value);
    }

    /** The trainer's {@code momentum} setting: {@link Settings#MOMENTUM}. */
    default DoubleParam momentum() {
        return mlpParams().param("momentum");
    }

    default double getMomentum() {
        return (Double) getOrDefault(momentum());
    }

    default T setMomentum(double value) {
        return setParam(momentum(), value);
    }

    /** The trainer's {@code nesterov} setting: {@link Settings#NESTEROV}. */
    default BooleanParam nesterov() {
        return mlpParams().param("nesterov");
    }

    default boolean getNesterov() {
        return (Boolean) getOrDefault(nesterov());
    }

    default T setNesterov(boolean value) {
        return setParam(nesterov(), value);
    }

    /** The trainer's {@code beta1} setting: {@link Settings#BETA1}. */
    default DoubleParam beta1() {
        return mlpParams().param("beta1");
    }

    default double getBeta1() {
        return (Double) getOrDefault(beta1());
    }

    default T setBeta1(double value) {
        return setParam(beta1(), value);
    }

    /** The trainer's {@code beta2} setting: {@link Settings#BETA2}. */
    default DoubleParam beta2() {
        return mlpParams().param("beta2");
    }

    default double getBeta2() {
        return (Double) getOrDefault(beta2());
    }

    default T setBeta2(double value) {
        return setParam(beta2(), value);
    }

    /** The trainer's {@code epsilon} setting: {@link Settings#EPSILON}. */
    default DoubleParam epsilon() {
        return mlpParams().param("epsilon");
    }

    default double getEpsilon() {
        return (Double) getOrDefault(epsilon());
    }

    default T setEpsilon(double value) {
        return setParam(epsilon(), value);
    }

    /** The trainer's {@code epochs} setting (by MLlib's name): {@link Settings#EPOCHS}. */
    default IntParam maxIter() {
        return mlpParams().param("maxIter");
    }

    default int getMaxIter() {
        return (Integer) getOrDefault(maxIter());
    }

    default T setMaxIter(int value) {
        return setParam(maxIter(), value);
    }

    /** The trainer's {@code batch-size} setting: {@link Settings#BATCH_SIZE}. */
    default IntParam batchSize() {
        return mlpParams().param("batchSize");
    }

    default int getBatchSize() {
        return (Integer) getOrDefault(batchSize());
    }

    default T setBatchSize(int value) {
        return setParam(batchSize(), value);
    }

    /** The trainer's {@code seed} setting (by MLlib's name): {@link Settings#SEED}. */
    default LongParam seed() {
        return mlpParams().param("seed");
    }

    default long getSeed() {
        return (Long) getOrDefault(seed());
    }

    default T setSeed(long value) {
        return setParam(seed(), value);
    }

    /** The trainer's {@code block-size} setting (by MLlib's name): {@link Settings#BLOCK_SIZE}. */
    default IntParam blockSize() {
        return mlpParams().param("blockSize");
    }

    default int getBlockSize() {
        return (Integer) getOrDefault(blockSize());
    }

    default T setBlockSize(int value) {
        return setParam(blockSize(), value);
    }

    /** The trainer's {@code aggregation-depth} setting: {@link Settings#AGGREGATION_DEPTH}. */
    default IntParam aggregationDepth() {
        return mlpParams().param("aggregationDepth");
    }

    default int getAggregationDepth() {
        return (Integer) getOrDefault(aggregationDepth());
    }

    default T setAggregationDepth(int value) {
        return setParam(aggregationDepth(), value);
    }

    /** The trainer's {@code sync-every} setting: {@link Settings#SYNC_EVERY}. */
    default IntParam syncEvery() {
        return mlpParams().param("syncEvery");
    }

    default int getSyncEvery() {
        return (Integer) getOrDefault(syncEvery());
    }

    default T setSyncEvery(int value) {
        return setParam(syncEvery(), value);
    }

    /** The trainer's {@code standardize} setting: {@link Settings#STANDARDIZE}. */
    default BooleanParam standardize() {
        return mlpParams().param("standardize");
    }

    default boolean getStandardize() {
        return (Boolean) getOrDefault(standardize());
    }

    default T setStandardize(boolean value) {
        return setParam(standardize(), value);
    }

    /** The trainer's {@code precision} setting: {@link Settings#PRECISION}. */
    default Param<String> precision() {
        return mlpParams().param("precision");
    }

    default String getPrecision() {
        return (String) getOrDefault(precision());
    }

    default T setPrecision(String value) {
        return setParam(precision(), value);
    }

    /** The trainer's {@code lr-schedule} setting: {@link Settings#LR_SCHEDULE}. */
    default Param<String> lrSchedule() {
        return mlpParams().param("lrSchedule");
    }

    default String getLrSchedule() {
        return (String) getOrDefault(lrSchedule());
    }

    default T setLrSchedule(String value) {
        return setParam(lrSchedule(), value);
    }

    /** The trainer's {@code lr-gamma} setting: {@link Settings#LR_GAMMA}. */
    default DoubleParam lrGamma() {
        return mlpParams().param("lrGamma");
    }

    default double getLrGamma() {
        return (Double) getOrDefault(lrGamma());
    }

    default T setLrGamma(double value) {
        return setParam(lrGamma(), value);
    }

    /** The trainer's {@code lr-step-epochs} setting: {@link Settings#LR_STEP_EPOCHS}. */
    default IntParam lrStepEpochs() {
        return mlpParams().param("lrStepEpochs");
    }

    default int getLrStepEpochs() {
        return (Integer) getOrDefault(lrStepEpochs());
    }

    default T setLrStepEpochs(int value) {
        return setParam(lrStepEpochs(), value);
    }

    /** The trainer's {@code min-lr} setting: {@link Settings#MIN_LR}. */
    default DoubleParam minLr() {
        return mlpParams().param("minLr");
    }

    default double getMinLr() {
        return (Double) getOrDefault(minLr());
    }

    default T setMinLr(double value) {
        return setParam(minLr(), value);
    }

    /** The trainer's {@code warmup-iterations} setting: {@link Settings#WARMUP_ITERATIONS}. */
    default LongParam warmupIterations() {
        return mlpParams().param("warmupIterations");
    }

    default long getWarmupIterations() {
        return (Long) getOrDefault(warmupIterations());
    }

    default T setWarmupIterations(long value) {
        return setParam(warmupIterations(), value);
    }

    /** The trainer's {@code plateau-patience} setting: {@link Settings#PLATEAU_PATIENCE}. */
    default IntParam plateauPatience() {
        return mlpParams().param("plateauPatience");
    }

    default int getPlateauPatience() {
        return (Integer) getOrDefault(plateauPatience());
    }

    default T setPlateauPatience(int value) {
        return setParam(plateauPatience(), value);
    }

    /** The trainer's {@code weight-decay} setting: {@link Settings#WEIGHT_DECAY}. */
    default DoubleParam weightDecay() {
        return mlpParams().param("weightDecay");
    }

    default double getWeightDecay() {
        return (Double) getOrDefault(weightDecay());
    }

    default T setWeightDecay(double value) {
        return setParam(weightDecay(), value);
    }

    /** The trainer's {@code validation-fraction} setting: {@link Settings#VALIDATION_FRACTION}. */
    default DoubleParam validationFraction() {
        return mlpParams().param("validationFraction");
    }

    default double getValidationFraction() {
        return (Double) getOrDefault(validationFraction());
    }

    default T setValidationFraction(double value) {
        return setParam(validationFraction(), value);
    }

    /** The trainer's {@code validate-every} setting: {@link Settings#VALIDATE_EVERY}. */
    default IntParam validateEvery() {
        return mlpParams().param("validateEvery");
    }

    default int getValidateEvery() {
        return (Integer) getOrDefault(validateEvery());
    }

    default T setValidateEvery(int value) {
        return setParam(validateEvery(), value);
    }

    /** The trainer's {@code early-stopping-patience} setting: {@link Settings#EARLY_STOPPING_PATIENCE}. */
    default IntParam earlyStoppingPatience() {
        return mlpParams().param("earlyStoppingPatience");
    }

    default int getEarlyStoppingPatience() {
        return (Integer) getOrDefault(earlyStoppingPatience());
    }

    default T setEarlyStoppingPatience(int value) {
        return setParam(earlyStoppingPatience(), value);
    }

    /** The trainer's {@code monitor} setting: {@link Settings#MONITOR}. */
    default Param<String> monitor() {
        return mlpParams().param("monitor");
    }

    default String getMonitor() {
        return (String) getOrDefault(monitor());
    }

    default T setMonitor(String value) {
        return setParam(monitor(), value);
    }

    /** The trainer's {@code min-delta} setting: {@link Settings#MIN_DELTA}. */
    default DoubleParam minDelta() {
        return mlpParams().param("minDelta");
    }

    default double getMinDelta() {
        return (Double) getOrDefault(minDelta());
    }

    default T setMinDelta(double value) {
        return setParam(minDelta(), value);
    }

    /** The trainer's {@code restore-best} setting: {@link Settings#RESTORE_BEST}. */
    default BooleanParam restoreBest() {
        return mlpParams().param("restoreBest");
    }

    default boolean getRestoreBest() {
        return (Boolean) getOrDefault(restoreBest());
    }

    default T setRestoreBest(boolean value) {
        return setParam(restoreBest(), value);
    }

    /** The trainer's {@code weight-column} setting (by MLlib's name): {@link Settings#WEIGHT_COLUMN}. */
    default Param<String> weightCol() {
        return mlpParams().param("weightCol");
    }

    default String getWeightCol() {
        return (String) getOrDefault(weightCol());
    }

    default T setWeightCol(String value) {
        return setParam(weightCol(), value);
    }

    /** The trainer's {@code class-weights} setting: {@link Settings#CLASS_WEIGHTS}. */
    default Param<String> classWeights() {
        return mlpParams().param("classWeights");
    }

    default String getClassWeights() {
        return (String) getOrDefault(classWeights());
    }

    default T setClassWeights(String value) {
        return setParam(classWeights(), value);
    }

    /** The trainer's {@code dropout} setting: {@link Settings#DROPOUT}. */
    default DoubleParam dropout() {
        return mlpParams().param("dropout");
    }

    default double getDropout() {
        return (Double) getOrDefault(dropout());
    }

    default T setDropout(double value) {
        return setParam(dropout(), value);
    }

    /** The trainer's {@code clip-norm} setting: {@link Settings#CLIP_NORM}. */
    default DoubleParam clipNorm() {
        return mlpParams().param("clipNorm");
    }

    default double getClipNorm() {
        return (Double) getOrDefault(clipNorm());
    }

    default T setClipNorm(double value) {
        return setParam(clipNorm(), value);
    }

    /** The trainer's {@code on-invalid-rows} setting: {@link Settings#ON_INVALID_ROWS}. */
    default Param<String> onInvalidRows() {
        return mlpParams().param("onInvalidRows");
    }

    default String getOnInvalidRows() {
        return (String) getOrDefault(onInvalidRows());
    }

    default T setOnInvalidRows(String value) {
        return setParam(onInvalidRows(), value);
    }

    /** The trainer's {@code cache} setting: {@link Settings#CACHE}. */
    default Param<String> cache() {
        return mlpParams().param("cache");
    }

    default String getCache() {
        return (String) getOrDefault(cache());
    }

    default T setCache(String value) {
        return setParam(cache(), value);
    }

    /** The trainer's {@code checkpoint-dir} setting: {@link Settings#CHECKPOINT_DIR}. */
    default Param<String> checkpointDir() {
        return mlpParams().param("checkpointDir");
    }

    default String getCheckpointDir() {
        return (String) getOrDefault(checkpointDir());
    }

    default T setCheckpointDir(String value) {
        return setParam(checkpointDir(), value);
    }

    /** The trainer's {@code checkpoint-every} setting: {@link Settings#CHECKPOINT_EVERY}. */
    default IntParam checkpointEvery() {
        return mlpParams().param("checkpointEvery");
    }

    default int getCheckpointEvery() {
        return (Integer) getOrDefault(checkpointEvery());
    }

    default T setCheckpointEvery(int value) {
        return setParam(checkpointEvery(), value);
    }

    /** The trainer's {@code keep-checkpoints} setting: {@link Settings#KEEP_CHECKPOINTS}. */
    default IntParam keepCheckpoints() {
        return mlpParams().param("keepCheckpoints");
    }

    default int getKeepCheckpoints() {
        return (Integer) getOrDefault(keepCheckpoints());
    }

    default T setKeepCheckpoints(int value) {
        return setParam(keepCheckpoints(), value);
    }

    /** The trainer's {@code resume} setting: {@link Settings#RESUME}. */
    default BooleanParam resume() {
        return mlpParams().param("resume");
    }

    default boolean getResume() {
        return (Boolean) getOrDefault(resume());
    }

    default T setResume(boolean value) {
        return setParam(resume(), value);
    }
}
