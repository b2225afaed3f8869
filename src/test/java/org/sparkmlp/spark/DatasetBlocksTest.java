package org.sparkmlp.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.SparkException;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.functions;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkmlp.data.DataBlock;
import org.sparkmlp.data.OnInvalidRows;
import org.sparkmlp.data.RowRules;
import org.sparkmlp.data.ValidationSplit;
import org.sparkmlp.model.MlpModel;
import org.sparkmlp.testutil.Datasets;
import org.sparkmlp.testutil.SharedSpark;
import org.sparkmlp.train.CacheLevel;
import org.sparkmlp.train.TrainConfig;

/** Reading any Dataset into blocks through Spark's internal rows: column types, vectors, arrays, placement. */
class DatasetBlocksTest {
    private static final RowRules ANY_LABEL = RowRules.anyLabel(OnInvalidRows.FAIL);
    private static final String LETTER = Datasets.repo("letter/train.csv.gz").toString();

    @TempDir
    Path tmp;

    private static Dataset<Row> letter() {
        return SparkData.read(SharedSpark.session(), LETTER, null);
    }

    private static String[] letterFeatures(Dataset<Row> df) {
        return Arrays.stream(df.columns()).filter(c -> !c.equals("label")).toArray(String[]::new);
    }

    private static DatasetBlocks.Result read(Dataset<Row> df, List<String> features, Integer partitions,
                                             RowRules rules) {
        return DatasetBlocks.read(df, List.of("label"), features, null, 512, partitions, CacheLevel.MEMORY_AND_DISK,
            "the input", rules, ValidationSplit.NONE);
    }

    /** Every block's rows as (features..., label), partition by partition, block by block. */
    private static List<List<float[]>> contents(DatasetBlocks.Result r) {
        List<List<float[]>> out = new ArrayList<>();
        for (List<DataBlock> part : SparkData.collectPartitions(r.blocks())) {
            List<float[]> rows = new ArrayList<>();
            for (DataBlock b : part) {
                int d = b.numFeatures();
                float[] all = Arrays.copyOf(b.features(), b.rows() * d + b.rows());
                for (int i = 0; i < b.rows(); i++) {
                    all[b.rows() * d + i] = b.label(i);
                }
                rows.add(all);
            }
            out.add(rows);
        }
        r.blocks().unpersist(false);
        return out;
    }

    private static void assertSameBlocks(List<List<float[]>> expected, List<List<float[]>> actual, String what) {
        assertEquals(expected.size(), actual.size(), what + ": partitions");
        for (int p = 0; p < expected.size(); p++) {
            assertEquals(expected.get(p).size(), actual.get(p).size(), what + ": blocks in partition " + p);
            for (int b = 0; b < expected.get(p).size(); b++) {
                assertArrayEquals(expected.get(p).get(b), actual.get(p).get(b), what + ": block " + b + " of " + p);
            }
        }
    }

    @Test
    void plainColumnsAVectorColumnAndArrayColumnsGiveTheBlocksTheCsvReaderGives() {
        Dataset<Row> df = letter();
        String[] features = letterFeatures(df);
        List<List<float[]>> csv = contents(new DatasetBlocksTest.CsvResult().read());
        DatasetBlocks.Result plain = read(df, List.of(), null, ANY_LABEL);
        assertEquals(List.of(features), plain.features());
        assertSameBlocks(csv, contents(plain), "numeric columns");

        // VectorAssembler stores each row dense or sparse, whichever is smaller: letter has both.
        Dataset<Row> assembled = new VectorAssembler().setInputCols(features).setOutputCol("features")
            .transform(df).select("features", "label");
        DatasetBlocks.Result vectors = read(assembled, List.of(), null, ANY_LABEL);
        assertEquals(16, vectors.features().size());
        assertEquals("features[0]", vectors.features().get(0));
        assertEquals("features[15]", vectors.features().get(15));
        assertSameBlocks(csv, contents(vectors), "a vector column");

        for (String dtype : List.of("float32", "float64")) {
            Dataset<Row> arrays = assembled.withColumn("features", functions.vector_to_array(assembled.col("features"),
                dtype));
            assertSameBlocks(csv, contents(read(arrays, List.of("features"), null, ANY_LABEL)), "array " + dtype);
        }
    }

    @Test
    void parquetIsReadInColumnarBatchesAsItIsReadRowByRow() {
        Dataset<Row> df = letter();
        List<List<float[]>> csv = contents(new DatasetBlocksTest.CsvResult().read());
        String parquet = tmp.resolve("letter.parquet").toString();
        df.repartition(1).write().parquet(parquet);
        assertSameBlocks(csv, contents(read(SharedSpark.session().read().parquet(parquet), List.of(), null, ANY_LABEL)),
            "Parquet, 17 columns");

        // Past spark.sql.codegen.maxFields (100) columns Spark's own scan goes row by row; the batches are read anyway.
        List<Column> wide = new ArrayList<>();
        for (int j = 0; j < 150; j++) {
            wide.add(df.col(letterFeatures(df)[j % 16]).multiply(j + 1).cast(j % 2 == 0 ? "int" : "double").as("c" + j));
        }
        wide.add(df.col("label"));
        Dataset<Row> inMemory = df.select(wide.toArray(new Column[0]));
        String widePath = tmp.resolve("wide.parquet").toString();
        inMemory.repartition(1).write().parquet(widePath);
        List<List<float[]>> rowByRow = contents(read(inMemory, List.of(), null, ANY_LABEL));
        Dataset<Row> wideParquet = SharedSpark.session().read().parquet(widePath);
        String limit = SharedSpark.session().conf().get("spark.sql.codegen.maxFields");
        org.junit.jupiter.api.Assertions.assertNotNull(DatasetBlocks.columnarScan(wideParquet, 151),
            "151 columns of Parquet come in batches");
        Column[] some = new Column[120];
        for (int j = 0; j < some.length; j++) {
            some[j] = wideParquet.col("c" + (j + 20));
        }
        org.junit.jupiter.api.Assertions.assertNotNull(DatasetBlocks.columnarScan(wideParquet.select(some), 120),
            "and so do 120 of them selected");
        assertEquals(limit, SharedSpark.session().conf().get("spark.sql.codegen.maxFields"),
            "the session's own limit is left as it was");
        assertSameBlocks(rowByRow, contents(read(wideParquet, List.of(), null, ANY_LABEL)), "Parquet, 151 columns");
    }

    @Test
    void twoTrainersReadingAWideParquetTableAtOnceGiveWhatEachGivesAloneAndLeaveTheSessionsSettings()
        throws Exception {
        Dataset<Row> df = letter();
        List<Column> wide = new ArrayList<>();
        for (int j = 0; j < 150; j++) {
            wide.add(df.col(letterFeatures(df)[j % 16]).multiply(j + 1).cast("double").as("c" + j));
        }
        wide.add(df.col("label"));
        String path = tmp.resolve("wide-fits.parquet").toString();
        df.select(wide.toArray(new Column[0])).limit(4000).repartition(2).write().parquet(path);
        Dataset<Row> table = SharedSpark.session().read().parquet(path);
        String key = "spark.sql.codegen.maxFields";
        org.apache.spark.sql.RuntimeConfig conf = SharedSpark.session().conf();
        scala.Option<String> before = conf.getOption(key);
        java.util.concurrent.Callable<double[]> fitA = () -> new SparkTrainer(TrainConfig.builder()
            .hidden(16).batchSize(256).epochs(2).seed(3).build()).fit(table).model().params();
        java.util.concurrent.Callable<double[]> fitB = () -> new SparkTrainer(TrainConfig.builder()
            .hidden(32).batchSize(128).epochs(2).seed(4).build()).fit(table).model().params();
        double[] aloneA = fitA.call();
        double[] aloneB = fitB.call();

        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            java.util.concurrent.Future<?> watch = pool.submit(() -> {
                while (!done.get()) {
                    scala.Option<String> value = conf.getOption(key);
                    if (!value.equals(before)) {
                        seen.add(String.valueOf(value));
                    }
                }
            });
            java.util.concurrent.Future<double[]> a = pool.submit(fitA);
            java.util.concurrent.Future<double[]> b = pool.submit(fitB);
            assertArrayEquals(aloneA, a.get(), "the first trainer's weights, bit for bit");
            assertArrayEquals(aloneB, b.get(), "the second trainer's weights, bit for bit");
            done.set(true);
            watch.get();
        } finally {
            done.set(true);
            pool.shutdown();
        }
        assertTrue(seen.isEmpty(), "the session's " + key + " (" + before + ") changed while the fits ran: " + seen);
        assertEquals(before, conf.getOption(key), "and is as it was after them");
    }

    /** The CSV reader's blocks of the letter training file in two partitions. */
    private static final class CsvResult {
        DatasetBlocks.Result read() {
            CsvBlocks.Result r = CsvBlocks.read(SharedSpark.jsc(), LETTER, List.of("label"), List.of(), null, 512, 2,
                ANY_LABEL, ValidationSplit.NONE, CacheLevel.MEMORY_AND_DISK);
            return new DatasetBlocks.Result(r.blocks(), r.features(), r.skipped(), null);
        }
    }

    @Test
    void everyNumericTypeIsReadForFeaturesAndLabels() {
        Dataset<Row> df = letter().limit(600).repartition(1);
        List<List<float[]>> reference = contents(read(df, List.of("x_box", "y_box", "width"), null, ANY_LABEL));
        for (String type : List.of("tinyint", "smallint", "int", "bigint", "float", "decimal(10,2)")) {
            Dataset<Row> typed = df.select(df.col("x_box").cast(type).as("x_box"), df.col("y_box").cast(type).as("y_box"),
                df.col("width").cast(type).as("width"), df.col("label").cast(type).as("label"));
            assertSameBlocks(reference, contents(read(typed, List.of(), null, ANY_LABEL)), type);
        }
        Dataset<Row> text = df.select(df.col("x_box"), df.col("label").cast("string").as("label"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> read(text, List.of(), null, ANY_LABEL));
        assertTrue(e.getMessage().contains("label column 'label'") && e.getMessage().contains("string")
            && e.getMessage().contains("expected a numeric type"), e.getMessage());
    }

    private static Dataset<Row> vectors(List<Row> rows) {
        StructType schema = new StructType().add("features", SQLDataTypes.VectorType(), true)
            .add("label", DataTypes.DoubleType, false);
        return SharedSpark.session().createDataFrame(rows, schema).repartition(1);
    }

    private static String failure(Dataset<Row> df) {
        SparkException e = assertThrows(SparkException.class, () -> read(df, List.of(), null, ANY_LABEL).blocks().count());
        Throwable t = org.sparkmlp.testutil.Causes.first(e, org.sparkmlp.data.InvalidRowException.class);
        return t.getMessage();
    }

    @Test
    void badVectorsAreRefusedWithColumnAndRowOrSkippedAndCounted() {
        Row good = RowFactory.create(Vectors.dense(1, 2, 3), 0.0);
        Row sparse = RowFactory.create(Vectors.sparse(3, new int[] {1}, new double[] {5}), 1.0);
        List<Object[]> cases = List.of(
            new Object[] {RowFactory.create(null, 1.0), "column 'features' is null; expected a vector of 3 numbers"},
            new Object[] {RowFactory.create(Vectors.dense(1, Double.NaN, 3), 1.0), "column 'features', element 1: NaN"},
            new Object[] {RowFactory.create(Vectors.dense(1, 2), 1.0), "column 'features' has 2 values; expected a "
                + "vector of 3 numbers"},
            new Object[] {RowFactory.create(Vectors.sparse(4, new int[] {3}, new double[] {1}), 1.0),
                "column 'features' has 4 values; expected a vector of 3 numbers"},
            new Object[] {null, "a sparse vector has index 7, outside 0..2"});
        for (Object[] c : cases) {
            Dataset<Row> df = c[0] != null ? vectors(List.of(good, sparse, (Row) c[0], good)) : outOfRangeIndex();
            String message = failure(df);
            assertTrue(message.contains("the input: row 3 of partition 0") && message.contains((String) c[1]),
                message);
            DatasetBlocks.Result skipped = read(df, List.of(), null, RowRules.anyLabel(OnInvalidRows.SKIP));
            assertEquals(3, contents(skipped).get(0).stream().mapToInt(b -> b.length / 4).sum(), "rows kept");
            assertEquals(1, skipped.skipped().value().total(), (String) c[1]);
        }
    }

    /**
     * Rows as {@link #vectors} with, in row 3, a sparse vector of size 3 with index 7: Spark ML's classes
     * refuse to build one, but a file can hold one. Written as the vector type's storage, read back as vectors.
     */
    private Dataset<Row> outOfRangeIndex() {
        StructType storage = new StructType().add("type", DataTypes.ByteType, false).add("size", DataTypes.IntegerType)
            .add("indices", DataTypes.createArrayType(DataTypes.IntegerType, false))
            .add("values", DataTypes.createArrayType(DataTypes.DoubleType, false));
        StructType schema = new StructType().add("features", storage).add("label", DataTypes.DoubleType, false);
        List<Row> rows = List.of(
            RowFactory.create(RowFactory.create((byte) 1, null, null, new double[] {1, 2, 3}), 0.0),
            RowFactory.create(RowFactory.create((byte) 0, 3, new int[] {1}, new double[] {5}), 1.0),
            RowFactory.create(RowFactory.create((byte) 0, 3, new int[] {0, 7}, new double[] {1, 1}), 1.0),
            RowFactory.create(RowFactory.create((byte) 1, null, null, new double[] {1, 2, 3}), 0.0));
        String path = tmp.resolve("index7.parquet").toString();
        SharedSpark.session().createDataFrame(rows, schema).repartition(1).write().parquet(path);
        return SharedSpark.session().read().schema(new StructType().add("features", SQLDataTypes.VectorType())
            .add("label", DataTypes.DoubleType)).parquet(path);
    }

    @Test
    void aSparseVectorIsExpandedIntoTheDenseBlock() {
        Dataset<Row> df = vectors(List.of(RowFactory.create(Vectors.dense(1, 2, 3), 0.0),
            RowFactory.create(Vectors.sparse(3, new int[] {2}, new double[] {-4}), 1.0)));
        List<float[]> blocks = contents(read(df, List.of(), 1, ANY_LABEL)).get(0);
        assertArrayEquals(new float[] {1, 2, 3, 0, 0, -4, 0, 1}, blocks.get(0));
    }

    @Test
    void blocksGoToOnePartitionPerTaskSlotWhateverTheInputsPartitioning() {
        Dataset<Row> df = letter();
        assertEquals(1, df.rdd().getNumPartitions(), "a gzip file is one input partition");
        DatasetBlocks.Result spread = read(df, List.of(), null, ANY_LABEL);
        assertEquals(2, spread.blocks().getNumPartitions(), "one per task slot of local[2]");
        List<List<float[]>> spreadBlocks = contents(spread);
        assertEquals(List.of(16, 16), spreadBlocks.stream().map(List::size).toList());

        // 400 tiny input partitions are merged, in order, into two: the blocks come out full.
        Dataset<Row> tiny = df.repartition(400);
        List<List<float[]>> merged = contents(read(tiny, List.of(), null, ANY_LABEL));
        assertEquals(2, merged.size());
        int fullBlocks = 0;
        for (List<float[]> part : merged) {
            for (float[] b : part) {
                fullBlocks += b.length == 512 * 17 ? 1 : 0;
            }
        }
        assertEquals(30, fullBlocks, "8,000 rows per merged partition: 15 full blocks of 512 each");
        assertSameBlocks(merged, contents(read(tiny, List.of(), null, ANY_LABEL)), "the same blocks on a second read");

        assertEquals(5, read(tiny, List.of(), 5, ANY_LABEL).blocks().getNumPartitions(), "asked for five");
    }

    @Test
    void aModelTrainedOnAVectorColumnPredictsAndEvaluatesThroughIt() throws Exception {
        Dataset<Row> df = letter();
        Dataset<Row> assembled = new VectorAssembler().setInputCols(letterFeatures(df)).setOutputCol("features")
            .transform(df).select("label", "features");
        String parquet = tmp.resolve("letter-vectors.parquet").toString();
        assembled.write().parquet(parquet);
        Dataset<Row> back = SharedSpark.session().read().parquet(parquet);
        TrainConfig cfg = TrainConfig.builder().layers(16, 32, 26).activation("relu").batchSize(256).epochs(4)
            .learningRate(0.01).seed(3).build();
        SparkMlpModel first = new SparkTrainer(cfg).fit(back);
        SparkMlpModel again = new SparkTrainer(cfg).fit(back);
        assertArrayEquals(first.model().params(), again.model().params(), "bit-identical reruns");
        assertEquals("features[3]", first.model().featureColumns().get(3));

        MlpModel m = first.model();
        var metrics = first.evaluate(back).toMap();
        assertEquals(m.metrics().get("train.accuracy"), metrics.get("accuracy"), 1e-12,
            "evaluate reads the rows as training did");
        assertTrue(metrics.get("accuracy") > 0.6, metrics.toString());
        Dataset<Row> scored = first.transform(back);
        double agree = scored.where(scored.col("prediction").equalTo(scored.col("label"))).count()
            / (double) scored.count();
        assertEquals(metrics.get("accuracy"), agree, 1e-12, "transform predicts what evaluate scores");

        // Columns named as the model names its inputs are read as plain numbers: the same metrics.
        String[] names = letterFeatures(df);
        List<Column> plain = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            plain.add(df.col(names[i]).as("features[" + i + "]"));
        }
        plain.add(df.col("label"));
        var fromPlain = first.evaluate(df.select(plain.toArray(new Column[0]))).toMap();
        assertEquals(metrics.get("accuracy"), fromPlain.get("accuracy"));
        assertEquals(metrics.get("loss"), fromPlain.get("loss"), 1e-9);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> first.transform(df));
        assertTrue(e.getMessage().contains("no column 'features[0]'"), e.getMessage());
    }
}
