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
import org.sparkmlp.spark.SparkData;
import org.sparkmlp.spark.SparkTrainer;
import org.sparkmlp.train.Seeds;
import org.sparkmlp.train.TrainConfig;

/**
 * spark-mlp against MLlib's MultilayerPerceptronClassifier, in one run, on the same cached input and
 * partitions: preparation time, seconds per full-batch gradient-descent iteration, achieved GFLOP/s,
 * cached bytes, the matrix kernel's ceiling on a block's shapes, and the fixed cost of an iteration.
 * Prints a Markdown report. Run it with {@code scripts/bench}.
 *
 * <p>Both trainers' iterations are timed the same way: from the start of one iteration's Spark job to
 * the start of the next, which includes scheduling, the broadcast, the computation, the aggregation and
 * the driver's step.
 */
public final class Bench {
    /** Finite values required, labels not checked against a class count. */
    private static final org.sparkmlp.data.RowRules ANY_LABEL =
        new org.sparkmlp.data.RowRules(0, org.sparkmlp.data.OnInvalidRows.FAIL);

    private final SparkSession spark;
    private final JavaSparkContext jsc;
    private final JobRecorder recorder = new JobRecorder();
    private final StringBuilder report = new StringBuilder();
    private final int warmup;
    private final int iterations;
    private final int partitions;

    private Bench(SparkSession spark, int warmup, int iterations, int partitions) {
        this.spark = spark;
        this.jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        this.warmup = warmup;
        this.iterations = iterations;
        this.partitions = partitions;
        spark.sparkContext().addSparkListener(recorder);
    }

    public static void main(String[] args) {
        Map<String, String> opts = new java.util.LinkedHashMap<>(Map.of(
            "datasets", "mnist,tall", "warmup", "2", "iterations", "5", "tall-rows", "2000000",
            "partitions", "2", "master", "local[2]", "data", "../shared/data"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            String key = args[i].replaceFirst("^--", "");
            if (!opts.containsKey(key)) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; options: " + opts.keySet());
            }
            opts.put(key, args[i + 1]);
        }
        SparkSession spark = SparkSession.builder().master(opts.get("master")).appName("spark-mlp bench")
            .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", opts.get("partitions"))
            .getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        Bench bench = new Bench(spark, Integer.parseInt(opts.get("warmup")), Integer.parseInt(opts.get("iterations")),
            Integer.parseInt(opts.get("partitions")));
        try {
            bench.header(opts);
            bench.ceiling();
            bench.fixedCost();
            for (String dataset : opts.get("datasets").split(",")) {
                switch (dataset.trim()) {
                    case "none" -> { }
                    case "mnist" -> bench.mnist(opts.get("data") + "/mnist_train.csv.gz");
                    case "tall" -> bench.tall(Long.parseLong(opts.get("tall-rows")));
                    case "accuracy" -> bench.timeToAccuracy(opts.get("data") + "/mnist_train.csv.gz",
                        opts.get("data") + "/mnist_test.csv.gz");
                    default -> throw new IllegalArgumentException(
                        "unknown dataset " + dataset + "; mnist, tall or accuracy");
                }
            }
        } finally {
            System.out.println(bench.report);
            spark.stop();
        }
    }

    private void line(String format, Object... args) {
        String s = String.format(Locale.ROOT, format, args);
        report.append(s).append('\n');
        System.err.println("bench: " + s);
    }

    private void header(Map<String, String> opts) {
        line("# spark-mlp vs MLlib: %s", java.time.LocalDateTime.now().withNano(0));
        line("");
        line("- machine: %d cores, %s, Java %s; Spark %s, master %s", Runtime.getRuntime().availableProcessors(),
            cpuModel(), System.getProperty("java.version"), spark.version(), opts.get("master"));
        line("- matrix kernel (spark-mlp and MLlib both use dev.ludovic.netlib): %s; spark-mlp's activations: %s",
            Blas.kernelName(), org.sparkmlp.math.Activations.implementation());
        line("- spark-mlp computes its gradient pass in single precision (its default); MLlib in double");
        line("- each trainer: %d warm-up iterations, then %d timed full-batch gradient-descent iterations; "
            + "times are median [min, max] over the timed iterations", warmup, iterations);
        line("- GFLOP/s counts the arithmetic a gradient pass needs: 2·N·Σ in·out for the forward pass, "
            + "the same for dW, and the same for dX except at the first layer");
        line("");
    }

    private static String cpuModel() {
        try {
            return java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo")).stream()
                .filter(l -> l.startsWith("model name")).findFirst().map(l -> l.split(":", 2)[1].trim()).orElse("?");
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    /** GEMM throughput on the shapes of one block's forward and weight-gradient products. */
    private void ceiling() throws RuntimeException {
        line("## Matrix-kernel ceiling (GEMM on one block of 512 rows, 784-128)");
        line("");
        line("| precision | product | shape | 1 thread GFLOP/s | %d threads GFLOP/s |",
            Runtime.getRuntime().availableProcessors());
        line("| --- | --- | --- | --- | --- |");
        int rows = 512;
        int in = 784;
        int out = 128;
        for (boolean single : new boolean[] {true, false}) {
            gemmRow(single, "forward out = inp·w", rows, out, in, false, false);
            gemmRow(single, "backward dw = inpᵀ·dout", in, out, rows, true, false);
            gemmRow(single, "backward dinp = dout·wᵀ", rows, in, out, false, true);
        }
        line("");
    }

    private void gemmRow(boolean single, String name, int m, int n, int k, boolean ta, boolean tb) {
        double one = gemmRate(single, m, n, k, ta, tb, 1);
        int threads = Runtime.getRuntime().availableProcessors();
        double all = gemmRate(single, m, n, k, ta, tb, threads);
        line("| %s | %s | %d×%d·%d×%d | %.1f | %.1f |", single ? "float" : "double", name, m, k, k, n, one, all);
    }

    /** GFLOP/s of {@code threads} threads each running the same GEMM on its own buffers. */
    private static double gemmRate(boolean single, int m, int n, int k, boolean ta, boolean tb, int threads) {
        double flops = 2.0 * m * n * k;
        int reps = (int) Math.max(20, 4e9 / flops);
        List<Thread> ts = new ArrayList<>();
        long[] nanos = new long[threads];
        for (int t = 0; t < threads; t++) {
            int id = t;
            ts.add(new Thread(() -> {
                SplittableRandom rng = new SplittableRandom(id);
                double[] a = rng.doubles((long) m * k).toArray();
                double[] b = rng.doubles((long) k * n).toArray();
                double[] c = new double[m * n];
                float[] af = new float[a.length];
                float[] bf = new float[b.length];
                float[] cf = new float[c.length];
                for (int i = 0; i < a.length; i++) {
                    af[i] = (float) a[i];
                }
                for (int i = 0; i < b.length; i++) {
                    bf[i] = (float) b[i];
                }
                long t0 = 0;
                for (int r = -5; r < reps; r++) {
                    if (r == 0) {
                        t0 = System.nanoTime();
                    }
                    if (single) {
                        Blas.sgemm(ta, tb, m, n, k, 1, af, 0, ta ? m : k, bf, 0, tb ? k : n, 0, cf, 0, n);
                    } else {
                        Blas.gemm(ta, tb, m, n, k, 1, a, 0, ta ? m : k, b, 0, tb ? k : n, 0, c, 0, n);
                    }
                }
                nanos[id] = System.nanoTime() - t0;
            }));
        }
        ts.forEach(Thread::start);
        for (Thread t : ts) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        double total = 0;
        for (long ns : nanos) {
            total += flops * reps / ns;
        }
        return total;
    }

    /** Median time of a mini-batch iteration of a tiny model: what mini-batch training pays per step. */
    private void fixedCost() {
        List<Row> rows = new ArrayList<>();
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < 20_000; i++) {
            rows.add(RowFactory.create(rng.nextDouble(), rng.nextDouble(), (double) rng.nextInt(2)));
        }
        StructType schema = new StructType().add("a", DataTypes.DoubleType).add("b", DataTypes.DoubleType)
            .add("label", DataTypes.DoubleType);
        Dataset<Row> df = spark.createDataFrame(rows, schema).repartition(partitions);
        TrainConfig cfg = TrainConfig.builder().layers(2, 8, 2).batchSize(256).epochs(3).build();
        int mark = recorder.mark();
        new SparkTrainer(cfg).fit(df);
        double[] t = recorder.gaps(mark, ours());
        line("## Fixed cost of one iteration");
        line("");
        line("A 2-8-2 model, 256-example mini-batches over %d partitions: %.1f ms per iteration (median of %d; "
            + "min %.1f, max %.1f). This is job scheduling, the broadcast, the aggregation and the driver step.",
            partitions, 1e3 * median(t), t.length, 1e3 * min(t), 1e3 * max(t));
        double[] jobs = recorder.durations(mark, ours());
        double[] tasks = recorder.taskBreakdown(mark, ours());
        line("Of that, the job itself (from its start to its end as the scheduler reports them) takes %.1f ms, its "
            + "longest task %.1f ms (deserializing the task %.1f ms, summed over tasks); the rest, %.1f ms, "
            + "is the driver between jobs: the broadcast, the step and the loop's bookkeeping.",
            1e3 * median(jobs), 1e3 * tasks[0], 1e3 * tasks[1], 1e3 * (median(t) - median(jobs)));
        line("");
        double[] floor = emptyJobs(false);
        double[] withBroadcast = emptyJobs(true);
        line("Spark's own floor on the same %d partitions, timed on the driver over %d jobs (`runJob` with a "
            + "named function, as spark-mlp submits its iterations): a job whose tasks return a constant, %.1f ms (min %.1f); the same job reading a broadcast of the model's size, created "
            + "and destroyed per job, %.1f ms (min %.1f).", partitions, floor.length, 1e3 * median(floor),
            1e3 * min(floor), 1e3 * median(withBroadcast), 1e3 * min(withBroadcast));
        line("");
    }

    /** A task that returns the first value of a broadcast, or nothing without one. */
    private static final class ReadFirst extends scala.runtime.AbstractFunction2<org.apache.spark.TaskContext,
        scala.collection.Iterator<Integer>, Object> implements java.io.Serializable {
        private final org.apache.spark.broadcast.Broadcast<double[]> weights;

        ReadFirst(org.apache.spark.broadcast.Broadcast<double[]> weights) {
            this.weights = weights;
        }

        @Override
        public Object apply(org.apache.spark.TaskContext context, scala.collection.Iterator<Integer> it) {
            return weights == null ? 0.0 : weights.value()[0];
        }
    }

    /** Wall times of jobs that do nothing over cached partitions, optionally reading a fresh broadcast each. */
    private double[] emptyJobs(boolean broadcast) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        JavaRDD<Integer> rdd = jsc.parallelize(java.util.stream.IntStream.range(0, partitions).boxed().toList(),
            partitions).cache();
        rdd.count();
        double[] params = new double[2 * 8 + 8 + 8 * 2 + 2];
        double[] t = new double[236];
        for (int i = -20; i < t.length; i++) {
            long start = System.nanoTime();
            var b = broadcast ? jsc.broadcast(params.clone()) : null;
            spark.sparkContext().runJob(rdd.rdd(), new ReadFirst(b), scala.reflect.ClassTag$.MODULE$.Double());
            if (b != null) {
                b.destroy();
            }
            if (i >= 0) {
                t[i] = (System.nanoTime() - start) / 1e9;
            }
        }
        rdd.unpersist();
        return t;
    }

    private static Predicate<JobRecorder.Job> ours() {
        return j -> j.description() != null && j.description().startsWith("spark-mlp: iteration");
    }

    private static Predicate<JobRecorder.Job> mllib() {
        return j -> j.callSite() != null && j.callSite().contains("GradientDescent");
    }

    private void mnist(String path) {
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

    private void tall(long rows) {
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
        JavaRDD<DataBlock> blocks = SparkData.toBlocks(df, List.of(features), List.of("label"), null, 512, "the input", ANY_LABEL, ValidationSplit.NONE).blocks();
        SparkData.summarize(blocks, features.length, 1);
        double oursPrep = (System.nanoTime() - t0) * 1e-9;
        long oursBytes = cachedBytes(i -> i.id() == blocks.id());
        TrainConfig cfg = TrainConfig.builder().layers(layers).activation("sigmoid")
            .optimizer(OptimizerKind.SGD).momentum(0).learningRate(0.03).epochs(total).build();
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
        CsvBlocks.Result csv = CsvBlocks.read(jsc, path, List.of("label"), List.of(), null, 512, partitions, ANY_LABEL, ValidationSplit.NONE);
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

    /**
     * Wall time to 97% MNIST test accuracy, both trainers starting from the same cached DataFrame of the
     * 60,000 training rows. spark-mlp is evaluated on the test set after each epoch, with the clock
     * stopped while it is; MLlib, which has no such hook, is fitted with growing iteration budgets, and
     * its time is the fit time of the first budget that reaches 97%.
     */
    private void timeToAccuracy(String trainPath, String testPath) {
        if (!java.nio.file.Files.isRegularFile(java.nio.file.Path.of(trainPath))) {
            line("## Time to 97%% MNIST test accuracy: skipped, %s is absent", trainPath);
            return;
        }
        Dataset<Row> train = SparkData.read(spark, trainPath, "csv").repartition(partitions).cache();
        train.count();
        Dataset<Row> test = SparkData.read(spark, testPath, "csv").cache();
        test.count();
        String[] features = Arrays.stream(train.columns()).filter(c -> !c.equals("label")).toArray(String[]::new);
        line("## Time to 97%% MNIST test accuracy (60,000 training rows, 10,000 test rows)");
        line("");
        line("| trainer | settings | reached | wall time (s) |");
        line("| --- | --- | --- | --- |");

        TrainConfig cfg = TrainConfig.builder().layers(784, 128, 10).activation("relu")
            .optimizer(OptimizerKind.ADAM).learningRate(0.002).batchSize(512).epochs(20).seed(1).build();
        long[] evalNanos = {0};
        double[] reachedAt = {Double.NaN};
        int[] epochs = {0};
        long t0 = System.nanoTime();
        JavaRDD<DataBlock> blocks = SparkData.toBlocks(train, List.of(features), List.of("label"), null, cfg.blockSize(), "the input",
            ANY_LABEL, ValidationSplit.NONE).blocks();
        new SparkTrainer(cfg).listener((setup, rec, params) -> {
            if (rec.iteration() % setup.plan().iterationsPerEpoch() != 0) {
                return true;
            }
            long e0 = System.nanoTime();
            org.sparkmlp.model.MlpModel m = new org.sparkmlp.model.MlpModel(setup.spec(), params.clone(),
                setup.preprocessor(), List.of(features), List.of("label"), Map.of(), Map.of());
            double acc = org.sparkmlp.spark.SparkScoring.evaluate(m, test, "MNIST test").toMap().get("accuracy");
            evalNanos[0] += System.nanoTime() - e0;
            epochs[0] = (int) (rec.epoch() + 1);
            if (acc >= 0.97) {
                reachedAt[0] = (System.nanoTime() - t0 - evalNanos[0]) * 1e-9;
                return false;
            }
            return true;
        }).fit(blocks, List.of(features));
        blocks.unpersist(true);
        line("| spark-mlp | 784-128-10 ReLU, Adam lr 0.002, batch 512, float | %s | %s |",
            Double.isNaN(reachedAt[0]) ? "not within 20 epochs" : "after " + epochs[0] + " epochs",
            Double.isNaN(reachedAt[0]) ? "-" : String.format(Locale.ROOT, "%.1f", reachedAt[0]));

        // MLlib's MLP does not scale its input, so it is measured on the raw pixels and on standardised ones.
        Dataset<Row> rawTrain = new VectorAssembler().setInputCols(features).setOutputCol("features")
            .transform(train).select("features", "label");
        Dataset<Row> rawTest = new VectorAssembler().setInputCols(features).setOutputCol("features")
            .transform(test).select("features", "label");
        double best = Double.NaN;
        String bestSettings = null;
        for (boolean standardized : new boolean[] {false, true}) {
            double lastAcc = 0;
            for (int maxIter : new int[] {100, 200, 300}) {
                long f0 = System.nanoTime();
                Dataset<Row> fitOn = rawTrain;
                Dataset<Row> evalOn = rawTest;
                if (standardized) {
                    var scaler = new org.apache.spark.ml.feature.StandardScaler().setInputCol("features")
                        .setOutputCol("scaled").setWithMean(true).setWithStd(true).fit(rawTrain);
                    fitOn = scaler.transform(rawTrain).select(org.apache.spark.sql.functions.col("scaled").as("features"), org.apache.spark.sql.functions.col("label"));
                    evalOn = scaler.transform(rawTest).select(org.apache.spark.sql.functions.col("scaled").as("features"), org.apache.spark.sql.functions.col("label"));
                }
                var model = new MultilayerPerceptronClassifier().setLayers(new int[] {784, 128, 10})
                    .setSolver("l-bfgs").setMaxIter(maxIter).setSeed(1).fit(fitOn);
                double seconds = (System.nanoTime() - f0) * 1e-9;
                lastAcc = model.transform(evalOn).filter("prediction = label").count() / (double) test.count();
                String settings = String.format(Locale.ROOT, "784-128-10 sigmoid, l-bfgs, maxIter %d, %s input",
                    maxIter, standardized ? "standardised" : "raw");
                line("| MLlib | %s | test accuracy %.4f | %.1f |", settings, lastAcc, seconds);
                if (lastAcc >= 0.97) {
                    if (Double.isNaN(best) || seconds < best) {
                        best = seconds;
                        bestSettings = settings;
                    }
                    break;
                }
            }
        }
        line("");
        if (!Double.isNaN(best) && !Double.isNaN(reachedAt[0])) {
            line("spark-mlp / MLlib's best time to 97%%: %.2f (MLlib: %s).", reachedAt[0] / best, bestSettings);
        } else {
            line("MLlib did not reach 97%% within 300 l-bfgs iterations on raw or standardised input.");
        }
        line("");
        train.unpersist();
        test.unpersist();
    }

    static double flopsPerIteration(long n, List<Integer> layers) {
        double sum = 0;
        for (int i = 0; i + 1 < layers.size(); i++) {
            double inOut = (double) layers.get(i) * layers.get(i + 1);
            sum += (i == 0 ? 2 : 3) * inOut;
        }
        return 2.0 * n * sum;
    }

    private long cachedBytes(Predicate<RDDInfo> which) {
        long total = 0;
        for (RDDInfo info : spark.sparkContext().getRDDStorageInfo()) {
            if (info.isCached() && which.test(info)) {
                total += info.memSize() + info.diskSize();
            }
        }
        return total;
    }

    private static double[] tail(double[] a, int k) {
        return Arrays.copyOfRange(a, Math.max(0, a.length - k), a.length);
    }

    static double median(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double min(double[] a) {
        return Arrays.stream(a).min().orElse(Double.NaN);
    }

    private static double max(double[] a) {
        return Arrays.stream(a).max().orElse(Double.NaN);
    }

    /** Records job start and end times with their description and call site. */
    static final class JobRecorder extends SparkListener {
        record Job(int id, long start, String description, String callSite) {
        }

        /** Per job: the longest task's run time, and summed deserialization, result serialization, GC (ms). */
        record TaskTimes(long longestRun, long deserialize, long resultSerialize, long gc) {
        }

        private final List<Job> jobs = new CopyOnWriteArrayList<>();
        private final Map<Integer, Integer> stageToJob = new ConcurrentHashMap<>();
        private final Map<Integer, TaskTimes> taskTimes = new ConcurrentHashMap<>();
        private final Map<Integer, Long> ends = new ConcurrentHashMap<>();
        private volatile Predicate<Job> sampleOn;
        private volatile java.util.function.LongSupplier sampler;
        private volatile long sampled;

        @Override
        public void onJobStart(SparkListenerJobStart e) {
            java.util.Properties p = e.properties();
            // The stage names carry the call sites, such as "treeAggregate at GradientDescent.scala:...".
            StringBuilder stages = new StringBuilder();
            scala.jdk.javaapi.CollectionConverters.asJava(e.stageInfos()).forEach(st -> {
                stages.append(st.name()).append(';');
                stageToJob.put(st.stageId(), e.jobId());
            });
            Job job = new Job(e.jobId(), e.time(), p == null ? null : p.getProperty("spark.job.description"),
                stages.toString());
            jobs.add(job);
            Predicate<Job> on = sampleOn;
            if (on != null && on.test(job)) {
                sampled = Math.max(sampled, sampler.getAsLong());
            }
        }

        @Override
        public void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd e) {
            Integer job = stageToJob.get(e.stageId());
            if (job == null || e.taskMetrics() == null) {
                return;
            }
            var m = e.taskMetrics();
            taskTimes.merge(job, new TaskTimes(m.executorRunTime(), m.executorDeserializeTime(),
                m.resultSerializationTime(), m.jvmGCTime()), (a, b) -> new TaskTimes(Math.max(a.longestRun(),
                b.longestRun()), a.deserialize() + b.deserialize(), a.resultSerialize() + b.resultSerialize(),
                a.gc() + b.gc()));
        }

        /** Medians over the matching jobs since {@code mark}, in seconds: longest task, deserialize, serialize, GC. */
        double[] taskBreakdown(int mark, Predicate<Job> which) {
            List<Job> js = since(mark, which);
            double[][] cols = new double[4][js.size()];
            for (int i = 0; i < js.size(); i++) {
                TaskTimes t = taskTimes.getOrDefault(js.get(i).id(), new TaskTimes(0, 0, 0, 0));
                cols[0][i] = t.longestRun() * 1e-3;
                cols[1][i] = t.deserialize() * 1e-3;
                cols[2][i] = t.resultSerialize() * 1e-3;
                cols[3][i] = t.gc() * 1e-3;
            }
            double[] out = new double[4];
            for (int c = 0; c < 4; c++) {
                out[c] = cols[c].length == 0 ? Double.NaN : median(cols[c]);
            }
            return out;
        }

        @Override
        public void onJobEnd(SparkListenerJobEnd e) {
            ends.put(e.jobId(), e.time());
        }

        int mark() {
            return jobs.size();
        }

        /** Start-to-end times of the matching jobs since {@code mark}, in seconds. */
        double[] durations(int mark, Predicate<Job> which) {
            return since(mark, which).stream().filter(j -> ends.containsKey(j.id()))
                .mapToDouble(j -> (ends.get(j.id()) - j.start()) * 1e-3).toArray();
        }

        void sampleCachedBytesOn(Predicate<Job> on, java.util.function.LongSupplier bytes) {
            sampled = 0;
            sampler = bytes;
            sampleOn = on;
        }

        long sampledBytes() {
            return sampled;
        }

        List<Job> since(int mark, Predicate<Job> which) {
            waitForListenerBus();
            List<Job> out = new ArrayList<>();
            for (Job j : jobs.subList(mark, jobs.size())) {
                if (which.test(j)) {
                    out.add(j);
                }
            }
            return out;
        }

        /** Seconds between the starts of consecutive matching jobs. */
        double[] gaps(int mark, Predicate<Job> which) {
            List<Job> js = since(mark, which);
            double[] out = new double[Math.max(0, js.size() - 1)];
            for (int i = 0; i + 1 < js.size(); i++) {
                out[i] = (js.get(i + 1).start() - js.get(i).start()) * 1e-3;
            }
            return out;
        }

        long startOf(int mark, Predicate<Job> which, int index) {
            return since(mark, which).get(index).start();
        }

        private static void waitForListenerBus() {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
