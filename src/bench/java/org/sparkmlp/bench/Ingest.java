package org.sparkmlp.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.sparkmlp.data.BlockBuilder;
import org.sparkmlp.data.DataBlock;
import org.sparkmlp.data.ValidationSplit;
import org.sparkmlp.spark.CsvBlocks;
import org.sparkmlp.spark.DatasetBlocks;
import org.sparkmlp.spark.SparkData;
import org.sparkmlp.train.CacheLevel;

/**
 * From a {@code Dataset} to cached blocks ready for the first iteration: spark-mlp's reading of Spark's
 * internal rows against the {@code Row}-object conversion it replaced, its CSV reader, and MLlib's own
 * preparation (assembling a vector column, stacking rows into matrices) inside
 * {@code MultilayerPerceptronClassifier.fit}, on MNIST as Parquet (785 plain columns, and one vector
 * column as {@code VectorAssembler} writes it) and on a generated tall table.
 */
final class Ingest extends Benchmark {
    private static final int ROUNDS = 3;
    private final Path dir = Path.of("target/bench-data");

    Ingest(Context c) {
        super(c);
    }

    void mnist(String csv) {
        Path plain = dir.resolve("mnist-plain.parquet");
        Path vector = dir.resolve("mnist-vector.parquet");
        if (!Files.isDirectory(plain) || !Files.isDirectory(vector)) {
            Dataset<Row> df = SparkData.read(spark, csv, "csv").repartition(partitions);
            df.write().mode("overwrite").parquet(plain.toString());
            String[] features = Arrays.stream(df.columns()).filter(c -> !c.equals("label")).toArray(String[]::new);
            new VectorAssembler().setInputCols(features).setOutputCol("features").transform(df)
                .select("features", "label").write().mode("overwrite").parquet(vector.toString());
        }
        line("### From a Dataset to cached blocks: MNIST (60,000 rows, %d partitions)", partitions);
        line("");
        line("Each figure is the median of %d fresh reads of the file, from the first job to the blocks cached "
            + "and summarised (spark-mlp) or to the start of the first training iteration minus that iteration "
            + "(MLlib: its `fit` assembles, stacks and caches on its own).", ROUNDS);
        line("");
        line("| input | spark-mlp | Row objects (b1202bd's reading) | CSV reader, same rows | MLlib | "
            + "Row / spark-mlp | CSV / spark-mlp | MLlib / spark-mlp |");
        line("| --- | --- | --- | --- | --- | --- | --- | --- |");
        double csvTime = median(() -> csvBlocks(csv));
        for (Path p : List.of(plain, vector)) {
            String name = p == plain ? "Parquet, 785 plain columns" : "Parquet, one vector column";
            double ours = median(() -> ours(p.toString()));
            double rows = median(() -> rowObjects(p.toString()));
            double mllib = median(() -> mllib(p.toString(), new int[] {784, 32, 10}));
            line("| %s | %.2f s | %.2f s | %.2f s | %.2f s | **%.1f** | %.2f | %.1f |", name, ours, rows, csvTime, mllib,
                rows / ours, csvTime / ours, mllib / ours);
        }
        line("");
    }

    void tall(long rows) {
        Path path = dir.resolve("tall-" + rows + ".parquet");
        if (!Files.isDirectory(path)) {
            List<Column> cols = new ArrayList<>();
            for (int j = 0; j < 50; j++) {
                cols.add(functions.sin(functions.col("id").multiply(j + 1.3)).as("x" + j));
            }
            cols.add(functions.abs(functions.hash(functions.col("id"))).mod(2).cast("double").as("label"));
            spark.range(0, rows, 1, 8).select(cols.toArray(new Column[0])).write().mode("overwrite")
                .parquet(path.toString());
        }
        double ours = median(() -> ours(path.toString()));
        double mllib = median(() -> mllib(path.toString(), new int[] {50, 16, 2}));
        line("### From a Dataset to cached blocks: a generated %,d x 50 Parquet table (8 files)", rows);
        line("");
        line("| | seconds | rows per second |");
        line("| --- | --- | --- |");
        line("| spark-mlp | %.2f | %,.0f |", ours, rows / ours);
        line("| MLlib (VectorAssembler, stacking, cache) | %.2f | %,.0f |", mllib, rows / mllib);
        line("");
        line("MLlib / spark-mlp = **%.1f**", mllib / ours);
        line("");
    }

    /**
     * Training from blocks kept on local disk ({@code --cache disk}) against blocks in memory, full batch,
     * beside the time of one pass that only reads the blocks back from disk: what an iteration costs when
     * the data does not fit.
     */
    void fromDisk(long rows) {
        Path path = dir.resolve("tall-" + rows + ".parquet");
        Dataset<Row> df = spark.read().parquet(path.toString());
        DatasetBlocks.Result onDisk = DatasetBlocks.read(df, List.of("label"), List.of(), null, 512, null,
            CacheLevel.DISK, path.toString(), ANY_LABEL, ValidationSplit.NONE);
        SparkData.summarize(onDisk.blocks(), 50, 1);
        double read = median(() -> {
            long t0 = System.nanoTime();
            onDisk.blocks().map(DataBlock::rows).reduce(Integer::sum);
            return (System.nanoTime() - t0) * 1e-9;
        });
        onDisk.blocks().unpersist(true);
        double[] perIteration = new double[2];
        for (CacheLevel level : List.of(CacheLevel.DISK, CacheLevel.MEMORY_AND_DISK)) {
            org.sparkmlp.train.TrainConfig cfg = org.sparkmlp.train.TrainConfig.builder().layers(50, 16, 2)
                .activation("relu").batchSize(0).epochs(warmup + iterations).cache(level).build();
            org.sparkmlp.spark.SparkTrainer trainer = new org.sparkmlp.spark.SparkTrainer(cfg);
            trainer.fit(df, path.toString(), null);
            perIteration[level == CacheLevel.DISK ? 0 : 1] = median(trainer.history().stream().skip(warmup)
                .mapToDouble(org.sparkmlp.train.IterationRecord::seconds).toArray());
        }
        line("### Blocks on local disk: the %,d x 50 table, full batch, 50-16-2", rows);
        line("");
        line("| | seconds |");
        line("| --- | --- |");
        line("| one pass reading the cached blocks back from local disk (`--cache disk`), nothing else | %.2f |", read);
        line("| an iteration, `--cache disk` | %.2f |", perIteration[0]);
        line("| an iteration, `--cache memory-and-disk`, all in memory | %.2f |", perIteration[1]);
        line("");
        line("An iteration from disk takes **%.2f×** a bare read of the blocks from disk, and %.2f× an iteration "
            + "from memory.", perIteration[0] / read, perIteration[0] / perIteration[1]);
        line("");
    }

    private interface Timed {
        double seconds();
    }

    private static double median(Timed t) {
        double[] s = new double[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            s[i] = t.seconds();
        }
        Arrays.sort(s);
        return s[ROUNDS / 2];
    }

    /** spark-mlp: the trainer's reading, cached, then the summary pass it starts with. */
    private double ours(String path) {
        long t0 = System.nanoTime();
        Dataset<Row> df = spark.read().parquet(path);
        DatasetBlocks.Result r = DatasetBlocks.read(df, List.of("label"), List.of(), null, 512, null,
            CacheLevel.MEMORY_AND_DISK, path, ANY_LABEL, ValidationSplit.NONE);
        SparkData.summarize(r.blocks(), r.features().size(), 1);
        double s = (System.nanoTime() - t0) * 1e-9;
        r.blocks().unpersist(true);
        return s;
    }

    private double csvBlocks(String csv) {
        long t0 = System.nanoTime();
        CsvBlocks.Result r = CsvBlocks.read(jsc, csv, List.of("label"), List.of(), null, 512, null, ANY_LABEL,
            ValidationSplit.NONE, CacheLevel.MEMORY_AND_DISK);
        SparkData.summarize(r.blocks(), r.features().size(), 1);
        double s = (System.nanoTime() - t0) * 1e-9;
        r.blocks().unpersist(true);
        return s;
    }

    /**
     * The conversion spark-mlp used before (commit b1202bd's {@code SparkData.toBlocks}), replayed: every
     * column cast to double in SQL, a {@code Row} per record and a boxed value per feature into the same
     * blocks, a shuffle that keeps each partition's blocks where they are, cached, then the summary pass.
     * A vector column, which that version could not read, goes through {@code Vector.toArray}.
     */
    private double rowObjects(String path) {
        long t0 = System.nanoTime();
        Dataset<Row> df = spark.read().parquet(path);
        boolean vector = Arrays.asList(df.columns()).contains("features");
        Dataset<Row> numeric = vector ? df.select(functions.col("features"), functions.col("label").cast("double"))
            : df.select(Arrays.stream(df.columns())
            .map(c -> functions.col(c).cast("double")).toArray(Column[]::new));
        int label = Arrays.asList(numeric.columns()).indexOf("label");
        int d = vector ? 784 : numeric.columns().length - 1;
        JavaRDD<DataBlock> blocks = numeric.javaRDD().mapPartitions(rows -> {
            BlockBuilder b = new BlockBuilder(d, 512);
            List<DataBlock> out = new ArrayList<>();
            while (rows.hasNext()) {
                Row row = rows.next();
                float[] x = b.featureArray();
                int off = b.nextOffset();
                if (vector) {
                    double[] v = ((org.apache.spark.ml.linalg.Vector) row.get(0)).toArray();
                    for (int j = 0; j < d; j++) {
                        x[off + j] = (float) v[j];
                    }
                } else {
                    for (int j = 0, c = 0; j < d; c++) {
                        if (c != label) {
                            x[off + j++] = (float) row.getDouble(c);
                        }
                    }
                }
                DataBlock full = b.commitRow((float) row.getDouble(label), 1f);
                if (full != null) {
                    out.add(full);
                }
            }
            DataBlock last = b.finish();
            if (last != null) {
                out.add(last);
            }
            return out.iterator();
        });
        JavaRDD<DataBlock> placed = blocks.mapPartitionsWithIndex((i, it) -> {
            List<scala.Tuple2<Integer, DataBlock>> keyed = new ArrayList<>();
            it.forEachRemaining(b -> keyed.add(new scala.Tuple2<>(i, b)));
            return keyed.iterator();
        }, true).mapToPair(t -> t).partitionBy(new org.apache.spark.HashPartitioner(blocks.getNumPartitions()))
            .values();
        placed.persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
        SparkData.summarize(placed, d, 1);
        double s = (System.nanoTime() - t0) * 1e-9;
        placed.unpersist(true);
        return s;
    }

    /** MLlib: from the file to the start of its first gradient iteration, less that iteration's own time. */
    private double mllib(String path, int[] layers) {
        int mark = recorder.mark();
        long start = System.currentTimeMillis();
        Dataset<Row> df = spark.read().parquet(path);
        Dataset<Row> input = df;
        if (!Arrays.asList(df.columns()).contains("features")) {
            String[] features = Arrays.stream(df.columns()).filter(c -> !c.equals("label")).toArray(String[]::new);
            input = new VectorAssembler().setInputCols(features).setOutputCol("features").transform(df);
        }
        new MultilayerPerceptronClassifier().setLayers(layers).setSolver("gd").setMaxIter(2).setTol(0).setSeed(1)
            .fit(input.select("features", "label"));
        double[] iters = recorder.gaps(mark, mllib());
        return (recorder.startOf(mark, mllib(), 1) - start) * 1e-3 - median(tail(iters, 1));
    }
}
