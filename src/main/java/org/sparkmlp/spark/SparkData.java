package org.sparkmlp.spark;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.sparkmlp.data.DataBlock;
import org.sparkmlp.data.DataSummary;

/** Reading data with Spark SQL, and passes over cached {@link DataBlock}s. */
public final class SparkData {
    private SparkData() {}

    /**
     * Reads {@code path} with Spark SQL. {@code csv} is read with a header row and inferred column types;
     * any other format Spark knows ({@code parquet}, {@code orc}, {@code json}, ...) is read as Spark reads
     * it, Parquet with no Spark job where its schema can be read from a footer ({@link ParquetFooter}). A null
     * format is inferred from the path's extension.
     */
    public static Dataset<Row> read(SparkSession spark, String path, String format) {
        String fmt = format != null ? format.toLowerCase(Locale.ROOT) : inferFormat(path);
        if (fmt.equals("csv")) {
            return spark.read().option("header", "true").option("inferSchema", "true").csv(path);
        }
        return load(spark, path, fmt);
    }

    /**
     * Reads {@code path} for a model that reads the columns {@code numeric}: as {@link #read}, except that
     * CSV is read without a pass to infer its types: the header names the columns, {@code numeric} ones
     * are read as doubles (a field that is not a number becomes null, which the model's reader refuses
     * naming the row) and the rest as text.
     */
    public static Dataset<Row> read(SparkSession spark, String path, String format, List<String> numeric) {
        String fmt = format != null ? format.toLowerCase(Locale.ROOT) : inferFormat(path);
        if (!fmt.equals("csv")) {
            return load(spark, path, fmt);
        }
        CsvHeader header = CsvHeader.read(path, spark.sparkContext().hadoopConfiguration());
        StructType schema = new StructType();
        for (String c : header.columns()) {
            schema = schema.add(c, numeric.contains(c) ? DataTypes.DoubleType : DataTypes.StringType, true);
        }
        return spark.read().option("header", "true").schema(schema).csv(path);
    }

    /** Reads {@code path} in {@code fmt}; Parquet with the schema in its footer when {@link ParquetFooter} finds it. */
    private static Dataset<Row> load(SparkSession spark, String path, String fmt) {
        StructType schema = fmt.equals("parquet") ? ParquetFooter.schema(spark, path) : null;
        return schema != null ? spark.read().schema(schema).format(fmt).load(path) : spark.read().format(fmt).load(path);
    }

    /** The format a path's extension names, or null when it names none. */
    public static String formatOf(String path) {
        try {
            return inferFormat(path);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static String inferFormat(String path) {
        String p = path.toLowerCase(Locale.ROOT).replaceAll("/+$", "");
        Matcher m = Pattern.compile(".*\\.(csv|parquet|orc|json|avro)(\\.(gz|bz2|deflate|lz4|snappy|zst))?$").matcher(p);
        if (m.matches()) {
            return m.group(1);
        }
        throw new IllegalArgumentException("cannot tell the format of " + path
            + " from its name; give the `format` (csv, parquet, orc, json, or any format Spark reads)");
    }

    /** The file Spark is reading in this task, if any, as " (in FILE)". */
    static String inputFile() {
        String file = org.apache.spark.rdd.InputFileBlockHolder.getInputFilePath().toString();
        return file.isEmpty() ? "" : " (in " + file + ")";
    }

    /**
     * One pass over the blocks: per-partition summaries of the training rows (validation blocks are
     * counted apart, in {@link DataSummary#heldOut()}), merged on the driver in partition order.
     */
    public static DataSummary summarize(JavaRDD<DataBlock> blocks, int numFeatures, int numLabels) {
        List<DataSummary> parts = blocks.mapPartitions(it -> {
            DataSummary s = new DataSummary(numFeatures, numLabels);
            it.forEachRemaining(b -> {
                if (b.validation()) {
                    s.addHeldOut(b.rows());
                } else {
                    s.add(b);
                }
            });
            return List.of(s).iterator();
        }).collect();
        DataSummary total = new DataSummary(numFeatures, numLabels);
        parts.forEach(total::merge);
        return total;
    }

    /** Collects an RDD's partitions as lists of blocks, for comparison with the single-JVM trainer. */
    public static List<List<DataBlock>> collectPartitions(JavaRDD<DataBlock> blocks) {
        return blocks.glom().collect().stream().map(List::copyOf).collect(Collectors.toList());
    }
}
