package org.sparkmlp.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkmlp.testutil.SharedSpark;

/**
 * Parquet read with the schema from a file's footer: the same schema, column metadata included, as Spark's
 * reader learns with its job, and no job; Spark's own reader wherever it would do more than read one footer.
 */
class ParquetFooterTest {
    @TempDir
    Path tmp;

    @Test
    void theFooterGivesTheSchemaSparkLearnsWithoutAJob() {
        SparkSession spark = SharedSpark.session();
        Dataset<Row> numbers = spark.range(0, 300, 1, 3).select(functions.col("id"),
            functions.col("id").cast("double").as("x"), functions.array(functions.lit(1.0), functions.col("id")
                .cast("double")).as("pair"), functions.lit("a").as("word"));
        Dataset<Row> assembled = new VectorAssembler().setInputCols(new String[] {"id", "x"}).setOutputCol("features")
            .transform(numbers).select("id", "features");
        String plain = tmp.resolve("numbers.parquet").toString();
        String vectors = tmp.resolve("vectors.parquet").toString();
        numbers.write().parquet(plain);
        org.junit.jupiter.api.Assertions.assertFalse(numbers.schema().apply("id").nullable(), "a column written non-null");
        assembled.write().parquet(vectors);
        String oneFile = firstPart(plain);
        for (String path : List.of(plain, vectors, oneFile)) {
            assertNotNull(ParquetFooter.schema(spark, path), path);
            Dataset<Row> read = readWithoutJobs(spark, path);
            assertEquals(spark.read().parquet(path).schema().json(), read.schema().json(),
                "the schema with its nullability and ML attributes, as Spark reads " + path);
            assertEquals(spark.read().parquet(path).count(), read.count());
        }
        assertEquals(2, readWithoutJobs(spark, vectors).schema().apply("features").metadata().getMetadata("ml_attr")
            .getLong("num_attrs"), "Spark ML's attributes come with the footer's schema");
    }

    @Test
    void sparkLearnsTheSchemaWhereMoreThanOneFooterCounts() throws Exception {
        SparkSession spark = SharedSpark.session();
        String partitioned = tmp.resolve("partitioned.parquet").toString();
        spark.range(0, 40).withColumn("part", functions.col("id").mod(2)).write().partitionBy("part")
            .parquet(partitioned);
        assertNull(ParquetFooter.schema(spark, partitioned), "partition directories");
        assertEquals(List.of("id", "part"), List.of(SparkData.read(spark, partitioned, null).columns()));
        assertNull(ParquetFooter.schema(spark, tmp.resolve("partitioned.parquet/*").toString()), "a glob");
        assertNull(ParquetFooter.schema(spark, tmp.resolve("absent.parquet").toString()), "no such path");
        Path foreign = Files.createDirectories(tmp.resolve("foreign.parquet"));
        Files.writeString(foreign.resolve("part-0.parquet"), "not a Parquet file");
        assertNull(ParquetFooter.schema(spark, foreign.toString()), "a file that is not Parquet: Spark says why");
        String plain = tmp.resolve("merged.parquet").toString();
        spark.range(0, 10).write().parquet(plain);
        spark.conf().set("spark.sql.parquet.mergeSchema", "true");
        try {
            assertNull(ParquetFooter.schema(spark, plain), "schemas merged from every file");
        } finally {
            spark.conf().unset("spark.sql.parquet.mergeSchema");
        }
    }

    /** {@code path} read by {@link SparkData#read}, checked to run no Spark job. */
    private static Dataset<Row> readWithoutJobs(SparkSession spark, String path) {
        List<String> jobs = new CopyOnWriteArrayList<>();
        SparkListener listener = new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart start) {
                jobs.add(String.valueOf(start.properties().getProperty("spark.job.description")));
            }
        };
        spark.sparkContext().addSparkListener(listener);
        try {
            Dataset<Row> read = SparkData.read(spark, path, "parquet");
            spark.sparkContext().setJobDescription("marker");
            JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(List.of(1), 1).count();
            spark.sparkContext().setJobDescription(null);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!jobs.contains("marker") && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals(List.of("marker"), jobs, "reading " + path + " runs no job");
            return read;
        } finally {
            spark.sparkContext().removeSparkListener(listener);
        }
    }

    private static String firstPart(String dir) {
        try (var files = Files.list(Path.of(dir))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".parquet")).sorted().findFirst()
                .orElseThrow().toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
