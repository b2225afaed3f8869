package org.sparkmlp.cli;

import java.nio.file.FileAlreadyExistsException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.sparkmlp.io.FileDir;
import org.sparkmlp.model.MlpModel;
import org.sparkmlp.spark.HadoopFileDir;
import org.sparkmlp.spark.SparkScoring;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Write the input's rows with a prediction column (and probability and rawPrediction, for",
        "classification and multi-label models). Parquet keeps arrays as array<double>; CSV writes them as text",
        "like [0.1, 0.9]."})
final class PredictCommand implements Callable<Integer> {
    @Mixin
    ModelOptions modelOptions;

    @Mixin
    DataOptions input;

    @Option(names = "--output", required = true, paramLabel = "PATH", description = "Output directory.")
    String output;

    @Option(names = "--output-format", paramLabel = "csv|parquet",
        description = "Default: csv when --output ends in .csv, else parquet.")
    String outputFormat;

    @Mixin
    OverwriteOption overwrite;

    @Mixin
    SparkOptions sparkOptions;

    @Override
    public Integer call() throws Exception {
        String fmt = outputFormat != null ? outputFormat.toLowerCase(Locale.ROOT)
            : output.toLowerCase(Locale.ROOT).matches(".*\\.csv/?$") ? "csv" : "parquet";
        if (!fmt.equals("csv") && !fmt.equals("parquet")) {
            throw new IllegalArgumentException("unknown output format '" + fmt + "'; expected csv or parquet");
        }
        MlpModel m = modelOptions.load();
        try (SparkOptions.Session session = sparkOptions.session("predict")) {
            SparkSession spark = session.spark();
            Dataset<Row> read = input.read(spark, m.numericColumns());
            Dataset<Row> scored = SparkScoring.transform(m, read, input.data);
            if (fmt.equals("csv")) {
                for (var field : scored.schema().fields()) {
                    if (!List.of(read.columns()).contains(field.name())
                        && field.dataType() instanceof org.apache.spark.sql.types.ArrayType) {
                        scored = scored.withColumn(field.name(), functions.col(field.name()).cast("string"));
                    }
                }
            }
            HadoopFileDir.Entry out = HadoopFileDir.entry(output, spark.sparkContext().hadoopConfiguration());
            if (out.dir().exists(out.name()) && !overwrite.overwrite) {
                throw new FileAlreadyExistsException(output, null, "output already exists; pass --overwrite to replace it");
            }
            // Written beside the target, then put in its place: a failure part-way leaves any earlier output
            // as it was.
            String tmp = FileDir.temporaryName(out.name());
            try {
                var writer = scored.write().mode(SaveMode.ErrorIfExists);
                if (fmt.equals("csv")) {
                    writer.option("header", "true").csv(out.dir().describe(tmp));
                } else {
                    writer.parquet(out.dir().describe(tmp));
                }
                out.dir().commit(tmp, out.name());
            } finally {
                out.dir().deleteRecursively(tmp);
            }
            System.err.println("wrote predictions to " + output + " (" + fmt + ")");
            return 0;
        }
    }
}
