package org.sparkmlp.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.FeatureHasher;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sparkmlp.data.DataBlock;
import org.sparkmlp.data.OnInvalidRows;
import org.sparkmlp.data.RowRules;
import org.sparkmlp.data.ValidationSplit;
import org.sparkmlp.math.Precision;
import org.sparkmlp.ml.MlpClassifier;
import org.sparkmlp.model.MlpModel;
import org.sparkmlp.testutil.SharedSpark;
import org.sparkmlp.train.CacheLevel;
import org.sparkmlp.train.LocalTrainer;
import org.sparkmlp.train.TrainConfig;

/**
 * The shipped penguins table hashed into 4,096 features (MLlib's {@code FeatureHasher}: a SparseVector column
 * with about 7 stored values a row): cached as sparse rows, trained on Spark to the single-JVM trainer's
 * weights bit for bit, to the dense rows' weights, scored as sparse rows, and through a Spark ML pipeline.
 */
class SparseVectorsTest {
    private static final int WIDTH = 4096;
    private static Dataset<Row> train;
    private static Dataset<Row> test;

    @BeforeAll
    static void hash() {
        StringIndexerModel species = new StringIndexer().setInputCol("species").setOutputCol("label")
            .fit(read("data/penguins/train.csv"));
        FeatureHasher hasher = new FeatureHasher().setNumFeatures(WIDTH).setOutputCol("features").setInputCols(
            new String[] {"island", "bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g", "sex"});
        train = hasher.transform(species.transform(read("data/penguins/train.csv"))).select("features", "label")
            .cache();
        test = hasher.transform(species.transform(read("data/penguins/test.csv"))).select("features", "label").cache();
    }

    private static Dataset<Row> read(String path) {
        return SharedSpark.session().read().option("header", "true").option("inferSchema", "true").csv(path).na()
            .drop();
    }

    private static TrainConfig.Builder config() {
        return TrainConfig.builder().label("label").features("features").network("linear:16,relu,linear:3,softmax")
            .loss("cross-entropy").optimizer("adam").lr(0.01).epochs(25).batchSize(32).seed(5);
    }

    private static DatasetBlocks.Result blocks(TrainConfig cfg, int sparseWidth) {
        return DatasetBlocks.read(train, List.of("label"), List.of("features"), null, cfg.blockSize(), 3,
            CacheLevel.MEMORY, "penguins", new RowRules(RowRules.labelsOf(cfg.loss(), 3), OnInvalidRows.FAIL),
            ValidationSplit.NONE, sparseWidth);
    }

    @Test
    void aHashedTableIsCachedAsSparseRowsAndTrainsOnSparkToTheLocalWeights() {
        for (Precision precision : Precision.values()) {
            TrainConfig cfg = config().precision(precision).build();
            DatasetBlocks.Result read = blocks(cfg, cfg.sparseWidth());
            try {
                List<DataBlock> cached = read.blocks().collect();
                long stored = cached.stream().mapToLong(b -> b.sparse().nonZeros()).sum();
                long rows = cached.stream().mapToLong(DataBlock::rows).sum();
                assertTrue(stored > 0 && stored <= 8 * rows, stored + " stored values in " + rows + " rows");
                MlpModel spark = new SparkTrainer(cfg).fit(read.blocks(), read.features());
                MlpModel local = LocalTrainer.fit(cfg, read.features(), SparkData.collectPartitions(read.blocks()),
                    SharedSpark.jsc().defaultParallelism());
                assertArrayEquals(local.params(), spark.params(), precision + ": Spark's weights are the local ones");
                assertTrue(java.util.Arrays.stream(spark.preprocessor().featureMean()).allMatch(m -> m == 0));
                double accuracy = SparkScoring.evaluate(spark, test, "penguins test").toMap().get("accuracy");
                assertTrue(accuracy >= 0.9, precision + ": test accuracy " + accuracy);
                Dataset<Row> scored = SparkScoring.transform(spark, test, "penguins test");
                double right = scored.where(functions.col("prediction").equalTo(functions.col("label"))).count();
                assertEquals(accuracy, right / test.count(), 1e-12, "scored row by row as evaluated");
            } finally {
                read.blocks().unpersist(false);
            }
        }
    }

    @Test
    void sparseAndDenseRowsTrainTheSameWeights() {
        TrainConfig cfg = config().precision(Precision.DOUBLE).standardize(false).epochs(3).build();
        DatasetBlocks.Result sparse = blocks(cfg, cfg.sparseWidth());
        DatasetBlocks.Result dense = blocks(cfg, 0);
        try {
            assertNotNull(sparse.blocks().first().sparse());
            assertNull(dense.blocks().first().sparse(), "sparse-width 0 reads the vectors dense");
            MlpModel viaSparse = new SparkTrainer(cfg).fit(sparse.blocks(), sparse.features());
            MlpModel viaDense = new SparkTrainer(cfg).fit(dense.blocks(), dense.features());
            double[] a = viaSparse.params();
            double[] b = viaDense.params();
            double worst = 0;
            for (int i = 0; i < a.length; i++) {
                worst = Math.max(worst, Math.abs(a[i] - b[i]));
            }
            assertTrue(worst < 1e-9, "largest weight difference after 3 epochs " + worst);
            assertArrayEquals(a, new SparkTrainer(cfg).fit(sparse.blocks(), sparse.features()).params(),
                "a rerun is bit-identical");
        } finally {
            sparse.blocks().unpersist(false);
            dense.blocks().unpersist(false);
        }
    }

    @Test
    void aSparkMlPipelineOfFeatureHasherAndMlpClassifierTrainsAndScores() throws Exception {
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
            new FeatureHasher().setNumFeatures(1 << 14).setOutputCol("hashed").setInputCols(
                new String[] {"island", "bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g", "sex"}),
            new MlpClassifier().setFeaturesCol("hashed").setHidden(new int[] {32}).setMaxIter(60).setSeed(2)});
        Dataset<Row> raw = new StringIndexer().setInputCol("species").setOutputCol("label")
            .fit(read("data/penguins/train.csv")).transform(read("data/penguins/train.csv"));
        PipelineModel model = pipeline.fit(raw);
        Dataset<Row> scored = model.transform(raw);
        double right = scored.where(functions.col("prediction").equalTo(functions.col("label"))).count();
        assertTrue(right / raw.count() >= 0.9, "training accuracy " + right / raw.count());
    }

    /** The message of the row {@link DatasetBlocks} refuses in {@code rows} of 2048-wide vectors read sparse. */
    private static String refusal(List<org.apache.spark.ml.linalg.Vector> vectors) {
        List<Row> rows = new java.util.ArrayList<>();
        for (org.apache.spark.ml.linalg.Vector v : vectors) {
            rows.add(org.apache.spark.sql.RowFactory.create(v, 1.0));
        }
        org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType()
            .add("features", org.apache.spark.ml.linalg.SQLDataTypes.VectorType(), true)
            .add("label", org.apache.spark.sql.types.DataTypes.DoubleType);
        Dataset<Row> df = SharedSpark.session().createDataFrame(rows, schema);
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> DatasetBlocks.read(df,
            List.of("label"), List.of("features"), null, 512, 1, CacheLevel.MEMORY, "wide.parquet",
            new RowRules(RowRules.labelsOf(org.sparkmlp.nn.loss.LossKind.CROSS_ENTROPY, 2), OnInvalidRows.FAIL),
            ValidationSplit.NONE, 1024).blocks().count());
        Throwable t = org.sparkmlp.testutil.Causes.first(e, org.sparkmlp.data.InvalidRowException.class);
        return t.getMessage();
    }

    @Test
    void aBadSparseRowIsRefusedNamingTheColumnTheElementAndTheRow() {
        org.apache.spark.ml.linalg.Vector good = org.apache.spark.ml.linalg.Vectors.sparse(2048, new int[] {3, 900},
            new double[] {1, 2});
        String nan = refusal(List.of(good, org.apache.spark.ml.linalg.Vectors.sparse(2048, new int[] {5, 77},
            new double[] {1, Double.NaN})));
        assertTrue(nan.contains("wide.parquet: row 2 of partition 0") && nan.contains("column 'features', element 77: "
            + "NaN; expected a finite number"), nan);
        String size = refusal(List.of(good, org.apache.spark.ml.linalg.Vectors.sparse(1000, new int[] {5},
            new double[] {1})));
        assertTrue(size.contains("column 'features' has 1000 values; expected a vector of 2048 numbers"), size);
        String dense = refusal(List.of(good, org.apache.spark.ml.linalg.Vectors.dense(new double[2047])));
        assertTrue(dense.contains("column 'features' has 2047 values; expected a vector of 2048 numbers"), dense);
        java.util.List<org.apache.spark.ml.linalg.Vector> withNull = new java.util.ArrayList<>(List.of(good));
        withNull.add(null);
        String missing = refusal(withNull);
        assertTrue(missing.contains("column 'features' is null"), missing);
    }
}
