package org.sparkmlp.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.sparkmlp.data.BlockBuilder;
import org.sparkmlp.data.DataBlock;
import org.sparkmlp.data.DataSummary;
import org.sparkmlp.data.InvalidRowException;
import org.sparkmlp.data.OnInvalidRows;
import org.sparkmlp.data.RowProblem;
import org.sparkmlp.data.RowRules;
import org.sparkmlp.data.ValidationSplit;
import org.sparkmlp.math.Checks;
import scala.Tuple2;

/** Reading training data with Spark SQL and turning it into cached {@link DataBlock}s. */
public final class SparkData {
    private SparkData() {}

    /**
     * Reads {@code path} with Spark SQL. {@code csv} is read with a header row and inferred column types;
     * any other format Spark knows ({@code parquet}, {@code orc}, {@code json}, ...) is read as Spark reads
     * it. A null format is inferred from the path's extension.
     */
    public static Dataset<Row> read(SparkSession spark, String path, String format) {
        String fmt = format != null ? format.toLowerCase(Locale.ROOT) : inferFormat(path);
        if (fmt.equals("csv")) {
            return spark.read().option("header", "true").option("inferSchema", "true").csv(path);
        }
        return spark.read().format(fmt).load(path);
    }

    /** Refuses a partition count that is not a positive integer; null (keep the input's) passes. */
    public static void checkPartitions(Integer partitions) {
        Checks.arg(partitions == null || partitions > 0, "`partitions` must be a positive integer, got %s", partitions);
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

    /**
     * The feature columns to use: {@code requested} when given (each must exist and be numeric), otherwise
     * every numeric column except the labels and the weight column (nullable), in schema order.
     */
    public static List<String> resolveFeatures(StructType schema, List<String> labels, List<String> requested,
                                               String source, String weight) {
        List<String> names = List.of(schema.fieldNames());
        for (String label : labels) {
            Checks.arg(names.contains(label), "label column '%s' is not in %s; its columns are %s", label, source,
                names);
        }
        Checks.arg(weight == null || names.contains(weight), "weight column '%s' is not in %s; its columns are %s",
            weight, source, names);
        Checks.arg(weight == null || schema.apply(weight).dataType() instanceof NumericType,
            "weight column '%s' in %s is %s, expected a numeric type", weight, source,
            weight == null ? "" : schema.apply(weight).dataType().simpleString());
        List<String> features = new ArrayList<>();
        if (requested.isEmpty()) {
            for (StructField f : schema.fields()) {
                if (!labels.contains(f.name()) && !f.name().equals(weight) && f.dataType() instanceof NumericType) {
                    features.add(f.name());
                }
            }
            Checks.arg(!features.isEmpty(), "%s has no numeric columns besides the labels %s", source, labels);
        } else {
            for (String c : requested) {
                Checks.arg(names.contains(c), "feature column '%s' is not in %s; its columns are %s", c, source, names);
                Checks.arg(schema.apply(c).dataType() instanceof NumericType,
                    "feature column '%s' in %s is %s, expected a numeric type", c, source,
                    schema.apply(c).dataType().simpleString());
                features.add(c);
            }
        }
        return features;
    }

    /** Cached blocks and the rows left out of them as invalid. */
    public record Blocks(JavaRDD<DataBlock> blocks, InvalidRows skipped) {
    }

    /**
     * Converts the rows of {@code df} into blocks of up to {@code blockSize} rows, one pass per partition,
     * and persists them (memory, spilling to disk). Nothing is computed until the first action. Every
     * value is checked by {@code rules} in that pass; an invalid row fails the job with {@code source},
     * the row's place in its partition and the column, or is skipped and counted. Rows {@code split} holds
     * out become validation blocks.
     *
     * @param labels the label columns: one, or a regression's outputs
     * @param weight a sample-weight column, or null for none
     */
    public static Blocks toBlocks(Dataset<Row> df, List<String> features, List<String> labels, String weight,
                                  int blockSize, String source, RowRules rules, ValidationSplit split) {
        List<Column> cols = new ArrayList<>();
        List<String> names = new ArrayList<>(features);
        names.addAll(labels);
        if (weight != null) {
            names.add(weight);
        }
        for (String c : names) {
            cols.add(functions.col(c).cast(DataTypes.DoubleType));
        }
        Dataset<Row> numeric = df.select(cols.toArray(new Column[0]));
        int d = features.size();
        int k = labels.size();
        boolean weighted = weight != null;
        InvalidRows skipped = new InvalidRows();
        JavaSparkContext.fromSparkContext(df.sparkSession().sparkContext()).sc()
            .register(skipped, "spark-mlp: invalid rows skipped in " + source);
        JavaRDD<DataBlock> packed = numeric.javaRDD().mapPartitionsWithIndex((p, rows) ->
            pack(rows, p, d, k, weighted, blockSize, List.copyOf(names), source, rules, skipped, split), true);
        // Every training iteration ships its stage's lineage to the executors, and up to the last shuffle
        // that lineage holds the SQL plan with its generated code: over 1.5 MB for a 785-column CSV, paid
        // each iteration. A shuffle that leaves each block in the partition it came from ends the lineage
        // there, while keeping the blocks recomputable if an executor is lost.
        int n = packed.getNumPartitions();
        JavaRDD<DataBlock> blocks = packed
            .mapPartitionsWithIndex((i, it) -> {
                List<Tuple2<Integer, DataBlock>> keyed = new ArrayList<>();
                it.forEachRemaining(b -> keyed.add(new Tuple2<>(i, b)));
                return keyed.iterator();
            }, true)
            .mapToPair(t -> t)
            .partitionBy(new HashPartitioner(n))
            .values();
        blocks.persist(StorageLevel.MEMORY_AND_DISK());
        return new Blocks(blocks, skipped);
    }

    private static Iterator<DataBlock> pack(Iterator<Row> rows, int partition, int d, int k, boolean weighted,
                                            int blockSize, List<String> names, String source, RowRules rules,
                                            InvalidRows skipped, ValidationSplit split) {
        BlockBuilder train = new BlockBuilder(d, k, blockSize, false, weighted);
        BlockBuilder held = new BlockBuilder(d, k, blockSize, true, weighted);
        List<DataBlock> out = new ArrayList<>();
        long rowInPartition = 0;
        while (rows.hasNext()) {
            Row row = rows.next();
            rowInPartition++;
            BlockBuilder builder = split.holdsOut(partition, rowInPartition) ? held : train;
            float w = 1f;
            try {
                float[] x = builder.featureArray();
                int off = builder.nextOffset();
                for (int j = 0; j < d; j++) {
                    x[off + j] = (float) value(row, j, names.get(j));
                }
                float[] y = builder.labelArray();
                int yOff = builder.nextLabelOffset();
                for (int j = 0; j < k; j++) {
                    double v = value(row, d + j, names.get(d + j));
                    rules.checkLabel(v, names.get(d + j));
                    y[yOff + j] = (float) v;
                }
                if (weighted) {
                    double wv = value(row, d + k, names.get(d + k));
                    RowRules.checkWeight(wv, names.get(d + k));
                    w = (float) wv;
                }
            } catch (InvalidRowException e) {
                InvalidRowException located = e.at(source + ": row " + rowInPartition + " of partition " + partition
                    + inputFile());
                if (rules.onInvalid() == OnInvalidRows.FAIL) {
                    throw located;
                }
                skipped.add(located);
                continue;
            }
            DataBlock full = builder.commitRow(w);
            if (full != null) {
                out.add(full);
            }
        }
        for (BlockBuilder b : List.of(train, held)) {
            DataBlock last = b.finish();
            if (last != null) {
                out.add(last);
            }
        }
        return out.iterator();
    }

    /** The file Spark is reading in this task, if any, as " (in FILE)". */
    static String inputFile() {
        String file = org.apache.spark.rdd.InputFileBlockHolder.getInputFilePath().toString();
        return file.isEmpty() ? "" : " (in " + file + ")";
    }

    private static double value(Row row, int i, String column) {
        if (row.isNullAt(i)) {
            throw new InvalidRowException(RowProblem.MISSING,
                "column '" + column + "' is null or not a number; expected a finite number");
        }
        double v = row.getDouble(i);
        RowRules.checkValue(v, column);
        return v;
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
