package org.sparkmlp.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * The Spark schema a Parquet input was written with, read on the caller's side from one file's footer,
 * where Spark keeps it (with each column's metadata, Spark ML's attributes among them). Spark's own reader
 * learns it the same way, from one file unless schemas are merged, but runs a Spark job to read that
 * footer: in a fresh process the job and its start-up cost half a second before any data is read.
 *
 * <p>Where Spark would do more than read one footer, or the footer holds no Spark schema, there is no
 * schema here and Spark's reader learns it as usual: schema merging on, a glob, partition directories,
 * summary files, a file written by another tool, or a file that cannot be read (Spark then says why).
 */
final class ParquetFooter {
    /** The footer key under which Spark writes a file's schema. */
    static final String SPARK_SCHEMA_KEY = "org.apache.spark.sql.parquet.row.metadata";

    private ParquetFooter() {}

    /** The schema Spark would read {@code path} with, or null when Spark's reader should learn it itself. */
    static StructType schema(SparkSession spark, String path) {
        if (Boolean.parseBoolean(spark.conf().get("spark.sql.parquet.mergeSchema", "false"))
            || path.isEmpty() || path.chars().anyMatch(c -> "*?[]{}\\,".indexOf(c) >= 0)) {
            return null;
        }
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        try {
            Path p = new Path(path);
            FileSystem fs = p.getFileSystem(conf);
            FileStatus status = fs.getFileStatus(p);
            Path file = status.isDirectory() ? firstDataFile(fs, p) : p;
            if (file == null) {
                return null;
            }
            String json;
            try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(file, conf))) {
                json = reader.getFooter().getFileMetaData().getKeyValueMetaData().get(SPARK_SCHEMA_KEY);
            }
            return json != null && DataType.fromJson(json) instanceof StructType s ? s : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The first data file of a directory by name, or null when Spark would read anything else for the schema
     * or the rows: a subdirectory (partitions) or a summary file.
     */
    private static Path firstDataFile(FileSystem fs, Path dir) throws IOException {
        List<Path> data = new ArrayList<>();
        for (FileStatus f : fs.listStatus(dir)) {
            String name = f.getPath().getName();
            if (name.equals("_metadata") || name.equals("_common_metadata")) {
                return null;
            }
            if (!CsvHeader.visible(f.getPath()) || name.endsWith("._COPYING_")) {
                continue;
            }
            if (f.isDirectory()) {
                return null;
            }
            if (f.getLen() > 0) {
                data.add(f.getPath());
            }
        }
        return data.stream().min(Comparator.comparing(Path::getName)).orElse(null);
    }
}
