package org.sparkmlp.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.Metadata;

/**
 * One MNIST epoch as a user runs it, the train command timed as a whole process (JVM and Spark start, reading,
 * caching, one epoch, saving), from the same rows as CSV, as Parquet with one column per pixel, and as Parquet
 * with one vector column, with Spark ML's attributes (as VectorAssembler writes it) and without (whose width
 * spark-mlp reads from the first row). Each input twice, in turns; the table has both times and the faster
 * one's ratio to CSV's.
 */
final class Epochs extends Benchmark {
    Epochs(Context c) {
        super(c);
    }

    void mnist(String csv) throws Exception {
        line("## One MNIST epoch, whole process, by input format");
        line("");
        if (!Files.isRegularFile(Path.of(csv))) {
            line("skipped: %s is absent", csv);
            line("");
            return;
        }
        Path work = Files.createTempDirectory("spark-mlp-epochs");
        Dataset<Row> rows = spark.read().option("header", "true").option("inferSchema", "true").csv(csv);
        String[] pixels = Arrays.stream(rows.columns()).filter(c -> !c.equals("label")).toArray(String[]::new);
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("CSV (gzip)", csv);
        Path plain = work.resolve("plain.parquet");
        rows.write().parquet(plain.toString());
        inputs.put("Parquet, 785 columns", plain.toString());
        Dataset<Row> assembled = new VectorAssembler().setInputCols(pixels).setOutputCol("features").transform(rows)
            .select("label", "features");
        Path withAttributes = work.resolve("vector.parquet");
        assembled.write().parquet(withAttributes.toString());
        inputs.put("Parquet, vector column with ML attributes", withAttributes.toString());
        Path bare = work.resolve("vector-bare.parquet");
        assembled.select(assembled.col("label"), assembled.col("features").as("features", Metadata.empty()))
            .write().parquet(bare.toString());
        inputs.put("Parquet, vector column without attributes", bare.toString());

        Map<String, List<Double>> seconds = new LinkedHashMap<>();
        for (int round = 0; round < 2; round++) {
            for (Map.Entry<String, String> in : inputs.entrySet()) {
                Path model = work.resolve("model");
                long t0 = System.nanoTime();
                Tables.run("scripts/spark-mlp", "train", "--data", in.getValue(), "--label", "label", "--layers",
                    "784,128,10", "--epochs", "1", "--batch-size", "128", "--partitions", "2", "--seed", "1",
                    "--model", model.toString(), "--overwrite");
                seconds.computeIfAbsent(in.getKey(), k -> new ArrayList<>()).add((System.nanoTime() - t0) * 1e-9);
            }
        }
        line("`train --data INPUT --label label --layers 784,128,10 --epochs 1 --batch-size 128 --partitions 2`, "
            + "60,000 rows; each input twice, in turns.");
        line("");
        line("| input | seconds (two runs) | fastest / CSV's fastest |");
        line("| --- | --- | --- |");
        double csvBest = best(seconds.get("CSV (gzip)"));
        for (Map.Entry<String, List<Double>> e : seconds.entrySet()) {
            line("| %s | %.1f, %.1f | %.2f |", e.getKey(), e.getValue().get(0), e.getValue().get(1),
                best(e.getValue()) / csvBest);
        }
        line("");
    }

    private static double best(List<Double> runs) {
        return runs.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }
}
