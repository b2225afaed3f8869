package org.sparkmlp.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkmlp.data.ColumnProfile;
import org.sparkmlp.testutil.SharedSpark;

/**
 * The profiling pass over a table's columns: a Parquet table of numbers, its label first, read as columnar batches
 * or as rows.
 */
class TableProfilesTest {
    @TempDir
    Path tmp;

    @Test
    void aNumericParquetTableProfilesInBatchesAsItsRowsDo() {
        StructType schema = new StructType().add("label", DataTypes.DoubleType, true)
            .add("i", DataTypes.IntegerType, true).add("d", DataTypes.DoubleType, true)
            .add("l", DataTypes.LongType, true).add("m", DataTypes.createDecimalType(8, 2), true);
        SplittableRandom rng = new SplittableRandom(5);
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < 5000; r++) {
            Object d = rng.nextInt(40) == 0 ? null : rng.nextInt(60) == 0 ? Double.NaN : rng.nextGaussian();
            rows.add(RowFactory.create((double) rng.nextInt(4), rng.nextInt(30) == 0 ? null : rng.nextInt(7), d,
                (long) rng.nextInt(1000),
                rng.nextInt(50) == 0 ? null : new java.math.BigDecimal(rng.nextInt(100000)).movePointLeft(2)));
        }
        Dataset<Row> inMemory = SharedSpark.session().createDataFrame(rows, schema).repartition(3);
        String path = tmp.resolve("numbers.parquet").toString();
        inMemory.write().parquet(path);
        Dataset<Row> parquet = SharedSpark.session().read().parquet(path);
        List<StructField> features = List.of(schema.fields()).subList(1, 5);
        assertEquals(null, DatasetBlocks.columnarScan(inMemory.select("i"), 1), "rows in memory are read as rows");
        org.junit.jupiter.api.Assertions.assertNotNull(DatasetBlocks.columnarScan(parquet.select("i", "d"), 2),
            "Parquet is read in batches");
        TableScan scan = new TableScan(parquet);
        List<String> labelLast = scan.read(List.of("i", "d", "l", "m"), List.of("label"), null);
        assertEquals(List.of("label", "i", "d", "l", "m"), labelLast, "the columns are read in the file's order");
        org.junit.jupiter.api.Assertions.assertSame(parquet, scan.select(labelLast),
            "every column of the input is the input, with no projection");
        org.junit.jupiter.api.Assertions.assertNotNull(scan.batches(labelLast),
            "a label before the features in the file does not turn the batches into rows");
        org.junit.jupiter.api.Assertions.assertSame(scan.batches(labelLast), scan.batches(List.copyOf(labelLast)),
            "the passes over the same columns share one planned scan");
        TableProfiles byRows = TableProfiles.of(new TableScan(inMemory), features, List.of("label"), null, "rows");
        TableProfiles byBatches = TableProfiles.of(scan, features, List.of("label"), null, "numbers.parquet");
        for (int j = 0; j < features.size(); j++) {
            assertSame(byRows.features().get(j), byBatches.features().get(j));
        }
        assertSame(byRows.label(), byBatches.label());
        assertEquals(4, byBatches.label().distinctNumbers());
    }

    private static void assertSame(ColumnProfile expected, ColumnProfile actual) {
        String name = expected.name();
        assertEquals(name, actual.name());
        assertEquals(expected.numbers(), actual.numbers(), name);
        assertEquals(expected.missing(), actual.missing(), name);
        assertEquals(expected.min(), actual.min(), name);
        assertEquals(expected.max(), actual.max(), name);
        assertEquals(expected.mean(), actual.mean(), 1e-12 * Math.max(1, Math.abs(expected.mean())), name);
        assertEquals(expected.integers(), actual.integers(), name);
        assertEquals(expected.distinctNumbers(), actual.distinctNumbers(), name);
    }
}
