package org.sparkmlp.cli;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.sparkmlp.spark.BlockPlacement;
import org.sparkmlp.spark.SparkData;
import picocli.CommandLine.Option;

/** The input data options every command shares. */
final class DataOptions {
    @Option(names = "--data", required = true, paramLabel = "PATH",
        description = "Input data: a file or directory, on any file system Spark can read.")
    String data;

    @Option(names = "--format", paramLabel = "FMT",
        description = "Input format: csv (with a header row), parquet, or any format Spark SQL reads. "
            + "Default: from the path's extension (.csv, .csv.gz, .parquet, .orc, .json).")
    String format;

    @Option(names = "--partitions", paramLabel = "P",
        description = "train: cache the training rows in P partitions (default: one per task slot, whatever the "
            + "input's partitioning); predict and evaluate: repartition the input into P partitions.")
    Integer partitions;

    /** Whether the input is CSV, by --format or by the path's extension. */
    boolean isCsv() {
        return "csv".equalsIgnoreCase(format != null ? format : SparkData.formatOf(data));
    }

    /** The input as Spark reads it, for training. */
    Dataset<Row> read(SparkSession spark) {
        return SparkData.read(spark, data, format);
    }

    /** The input for a model that reads the columns {@code numeric}: CSV without a type-inference pass. */
    Dataset<Row> read(SparkSession spark, java.util.List<String> numeric) {
        Dataset<Row> df = SparkData.read(spark, data, format, numeric);
        return partitions == null ? df : df.repartition(BlockPlacement.partitions(spark.sparkContext(), partitions));
    }
}
