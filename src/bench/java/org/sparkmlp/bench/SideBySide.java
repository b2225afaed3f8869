package org.sparkmlp.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.RDDInfo;
import org.sparkmlp.data.ValidationSplit;
import org.sparkmlp.data.DataBlock;
import org.sparkmlp.math.Blas;
import org.sparkmlp.optim.OptimizerKind;
import org.sparkmlp.spark.CsvBlocks;
import org.sparkmlp.spark.DatasetBlocks;
import org.sparkmlp.spark.SparkData;
import org.sparkmlp.train.CacheLevel;
import org.sparkmlp.spark.SparkTrainer;
import org.sparkmlp.train.Seeds;
import org.sparkmlp.train.TrainConfig;

/** spark-mlp and MLlib on the same cached input: MNIST and a tall generated table. */
final class SideBySide extends Benchmark {
    SideBySide(Context c) {
        super(c);
    }

    void mnist(String path) {
        if (!java.nio.file.Files.isRegularFile(java.nio.file.Path.of(path))) {
            line("## MNIST: skipped, %s is absent", path);
            return;
        }
        // The shape of the reference numbers: 48,000 training rows, 784-128-64-10 sigmoid.
        long t0 = System.nanoTime();
        Dataset<Row> df = SparkData.read(spark, path, "csv").limit(48_000).repartition(partitions).cache();
        long n = df.count();
        line("## MNIST, %d rows, 784-128-64-10 sigmoid, %d partitions", n, partitions);
        line("");
        line("Shared input: CSV read, parsed and cached as a DataFrame in %.1f s.", (System.nanoTime() - t0) * 1e-9);
        line("");
        compare(df, List.of(784, 128, 64, 10), n);
        df.unpersist(true);
        csvToBlocks(path);
    }

    void tall(long rows) {
        StructType schema = new StructType();
        for (int j = 0; j < 50; j++) {
            schema = schema.add("f" + j, DataTypes.DoubleType);
        }
        schema = schema.add("label", DataTypes.DoubleType);
        long t0 = System.nanoTime();
        long perPartition = rows / partitions;
        JavaRDD<Row> data = jsc.parallelize(range(partitions), partitions).flatMap(p -> teacherRows(p, perPartition).iterator());
        Dataset<Row> df = spark.createDataFrame(data, schema).cache();
        long n = df.count();
        line("## Tall table, %d rows × 50 features, 10 classes from a random teacher network, 50-64-10 sigmoid", n);
        line("");
        line("Shared input: generated and cached as a DataFrame in %.1f s.", (System.nanoTime() - t0) * 1e-9);
        line("");
        compare(df, List.of(50, 64, 10), n);
        df.unpersist(true);
    }

    private static List<Integer> range(int n) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(i);
        }
        return out;
    }

    /** Rows of N(0, 1) features labelled by a fixed random 50-32-10 tanh network. */
    private static List<Row> teacherRows(int partition, long count) {
        SplittableRandom teacherRng = new SplittableRandom(7);
        double[][] w1 = new double[50][32];
        double[][] w2 = new double[32][10];
        for (double[] r : w1) {
            for (int j = 0; j < r.length; j++) {
                r[j] = teacherRng.nextGaussian() / Math.sqrt(50);
            }
        }
        for (double[] r : w2) {
            for (int j = 0; j < r.length; j++) {
                r[j] = teacherRng.nextGaussian() / Math.sqrt(32);
            }
        }
        SplittableRandom rng = new SplittableRandom(Seeds.derive(11, partition));
        List<Row> out = new ArrayList<>((int) count);
        double[] h = new double[32];
        for (long i = 0; i < count; i++) {
            Object[] v = new Object[51];
            double[] x = new double[50];
            for (int j = 0; j < 50; j++) {
                x[j] = rng.nextGaussian();
                v[j] = x[j];
            }
            Arrays.fill(h, 0);
            for (int j = 0; j < 50; j++) {
                for (int k = 0; k < 32; k++) {
                    h[k] += x[j] * w1[j][k];
                }
            }
            int best = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < 10; c++) {
                double s = 0;
                for (int k = 0; k < 32; k++) {
                    s += Math.tanh(h[k]) * w2[k][c];
                }
                if (s > bestScore) {
                    bestScore = s;
                    best = c;
                }
            }
            v[50] = (double) best;
            out.add(RowFactory.create(v));
        }
        return out;
    }

    /** Both trainers on the same cached DataFrame: preparation, iterations, cached bytes. */
    private void compare(Dataset<Row> df, List<Integer> layers, long n) {
        String[] features = Arrays.stream(df.columns()).filter(c -> !c.equals("label")).toArray(String[]::new);
        double flops = flopsPerIteration(n, layers);
        int total = warmup + iterations + 1;

        // spark-mlp: blocks from the cached DataFrame, then full-batch SGD.
        long t0 = System.nanoTime();
        JavaRDD<DataBlock> blocks = DatasetBlocks.read(df, List.of("label"), List.of(features), null, 512,
            df.rdd().getNumPartitions(), CacheLevel.MEMORY_AND_DISK, "the input", ANY_LABEL, ValidationSplit.NONE).blocks();
        SparkData.summarize(blocks, features.length, 1);
        double oursPrep = (System.nanoTime() - t0) * 1e-9;
        long oursBytes = cachedBytes(i -> i.id() == blocks.id());
        TrainConfig cfg = TrainConfig.builder().layers(layers).activation("sigmoid")
            .optimizer(OptimizerKind.SGD).momentum(0).learningRate(0.03).batchSize(0).epochs(total).build();
        int mark = recorder.mark();
        new SparkTrainer(cfg).fit(blocks, List.of(features));
        double[] ours = tail(recorder.gaps(mark, ours()), iterations);
        double[] oursTasks = recorder.taskBreakdown(mark, ours());
        blocks.unpersist(true);

        // MLlib: assemble, then fit with the gd solver; its stacked blocks are cached inside fit.
        Dataset<Row> assembled = new VectorAssembler().setInputCols(features).setOutputCol("features")
            .transform(df).select("features", "label");
        MultilayerPerceptronClassifier mlpc = new MultilayerPerceptronClassifier()
            .setLayers(layers.stream().mapToInt(Integer::intValue).toArray()).setSolver("gd").setMaxIter(total)
            .setStepSize(0.03).setTol(0).setSeed(1);
        recorder.sampleCachedBytesOn(mllib(), () -> cachedBytes(i -> i.id() != df.rdd().id()));
        mark = recorder.mark();
        long fitStart = System.currentTimeMillis();
        mlpc.fit(assembled);
        double[] mllibAll = recorder.gaps(mark, mllib());
        if (mllibAll.length < iterations) {
            throw new IllegalStateException("found " + mllibAll.length + " MLlib iteration gaps; jobs seen: "
                + recorder.since(mark, j -> true));
        }
        double[] mllib = tail(mllibAll, iterations);
        double[] mllibTasks = recorder.taskBreakdown(mark, mllib());
        long mllibBytes = recorder.sampledBytes();
        recorder.sampleCachedBytesOn(null, null);
        double mllibPrep = (recorder.startOf(mark, mllib(), 1) - fitStart) * 1e-3 - median(mllib);

        line("| | spark-mlp | MLlib | MLlib / spark-mlp |");
        line("| --- | --- | --- | --- |");
        line("| preparation from the cached input (s) | %.2f | %.2f | %.1f |", oursPrep, mllibPrep, mllibPrep / oursPrep);
        line("| seconds per iteration, median [min, max] | %.3f [%.3f, %.3f] | %.3f [%.3f, %.3f] | **%.2f** |",
            median(ours), min(ours), max(ours), median(mllib), min(mllib), max(mllib), median(mllib) / median(ours));
        line("| gradient-pass GFLOP/s | %.1f | %.1f | |", flops / median(ours) * 1e-9, flops / median(mllib) * 1e-9);
        line("| of an iteration: longest task's run time (s) | %.3f | %.3f | |", oursTasks[0], mllibTasks[0]);
        line("| of an iteration: task deserialization, all tasks (s) | %.3f | %.3f | |", oursTasks[1], mllibTasks[1]);
        line("| of an iteration: result serialization, all tasks (s) | %.3f | %.3f | |", oursTasks[2], mllibTasks[2]);
        line("| of an iteration: JVM GC in tasks (s) | %.3f | %.3f | |", oursTasks[3], mllibTasks[3]);
        line("| cached training data (MB) | %.1f | %.1f | %.2f (spark-mlp / MLlib) |", oursBytes / 1e6,
            mllibBytes / 1e6, (double) oursBytes / mllibBytes);
        line("");
        double[] driver = driverCosts(org.sparkmlp.nn.MLP.create(org.sparkmlp.nn.ModelSpec.of(layers,
            "sigmoid", org.sparkmlp.nn.loss.LossKind.CROSS_ENTROPY), 1)
            .params().size());
        double rest = median(ours) - oursTasks[0] - driver[0] - driver[1];
        line("spark-mlp's iteration, %.3f s: the longest task %.3f s; broadcasting the weights and destroying the "
            + "broadcast %.4f s and the driver's averaging and SGD step %.4f s (both timed on their own, same "
            + "parameter count); the remaining %.3f s is job scheduling, shipping the %d partition sums back and "
            + "adding them.", median(ours), oursTasks[0], driver[0], driver[1], Math.max(0, rest), partitions);
        line("");
        line("Arithmetic per iteration: 2 · %d · (3·Σ in·out − in₀·out₀) = %.2f GFLOP.", n, flops * 1e-9);
        line("");
        int threads = Runtime.getRuntime().availableProcessors();
        double ceiling = KernelCeiling.networkRate(layers, 512, threads);
        line("Matrix-kernel ceiling for this network: its products alone (forward, weight and input gradients, "
            + "single precision, 512-row chunks, as the pass runs them) on %d threads at once, %.1f GFLOP/s; "
            + "spark-mlp's iteration reaches %.0f%% of it (%.1f GFLOP/s), its longest task's pass %.0f%% of a core's share.",
            threads, ceiling, 100 * flops / median(ours) * 1e-9 / ceiling, flops / median(ours) * 1e-9,
            100 * (flops / partitions / oursTasks[0] * 1e-9) / (ceiling / threads));
        line("");
    }

    /** Median seconds of a broadcast (create, first read, destroy) and of an averaged SGD step, for n parameters. */
    private double[] driverCosts(int n) {
        double[] params = new SplittableRandom(5).doubles(n).toArray();
        double[] bcast = new double[30];
        double[] step = new double[30];
        org.sparkmlp.optim.Optimizer sgd = new org.sparkmlp.optim.SGD(0.01, 0, false);
        double[] grad = params.clone();
        for (int i = 0; i < bcast.length; i++) {
            long t0 = System.nanoTime();
            org.apache.spark.broadcast.Broadcast<double[]> b = jsc.broadcast(params.clone());
            b.value();
            b.destroy();
            bcast[i] = (System.nanoTime() - t0) * 1e-9;
            t0 = System.nanoTime();
            for (int j = 0; j < n; j++) {
                grad[j] *= 0.5;
            }
            sgd.step(params, grad);
            step[i] = (System.nanoTime() - t0) * 1e-9;
        }
        return new double[] {median(bcast), median(step)};
    }

    /** From the CSV file to data ready for the first iteration, each trainer on its own. */
    private void csvToBlocks(String path) {
        long t0 = System.nanoTime();
        CsvBlocks.Result csv = CsvBlocks.read(jsc, path, List.of("label"), List.of(), null, 512, partitions, ANY_LABEL, ValidationSplit.NONE,
            CacheLevel.MEMORY_AND_DISK);
        SparkData.summarize(csv.blocks(), csv.features().size(), 1);
        double ours = (System.nanoTime() - t0) * 1e-9;
        csv.blocks().unpersist(true);
        String[] features = csv.features().toArray(String[]::new);

        int mark = recorder.mark();
        long fitStart = System.currentTimeMillis();
        Dataset<Row> raw = SparkData.read(spark, path, "csv").repartition(partitions);
        Dataset<Row> assembled = new VectorAssembler().setInputCols(features).setOutputCol("features")
            .transform(raw).select("features", "label");
        new MultilayerPerceptronClassifier().setLayers(new int[] {784, 128, 64, 10}).setSolver("gd").setMaxIter(3)
            .setTol(0).setSeed(1).fit(assembled);
        double[] iters = recorder.gaps(mark, mllib());
        double mllib = (recorder.startOf(mark, mllib(), 1) - fitStart) * 1e-3 - median(tail(iters, 1));
        line("From the CSV file (60,000 rows) to cached data ready for the first iteration: spark-mlp %.1f s, "
            + "MLlib %.1f s (read, assemble, stack); MLlib / spark-mlp = **%.1f**.", ours, mllib, mllib / ours);
        line("");
    }
}
