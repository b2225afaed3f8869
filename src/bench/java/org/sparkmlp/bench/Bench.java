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
 * Prints a Markdown report. Run it with {@code scripts/bench}. Each benchmark is a class of its own
 * ({@link KernelCeiling}, {@link FixedCost}, {@link SideBySide}, {@link TimeToAccuracy}, {@link Ingest}) on
 * the shared {@link Benchmark} context.
 *
 * <p>Both trainers' iterations are timed the same way: from the start of one iteration's Spark job to
 * the start of the next, which includes scheduling, the broadcast, the computation, the aggregation and
 * the driver's step.
 */
public final class Bench extends Benchmark {
    private Bench(Context c) {
        super(c);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new java.util.LinkedHashMap<>(Map.of(
            "datasets", "mnist,tall", "warmup", "2", "iterations", "5", "tall-rows", "2000000",
            "partitions", "2", "master", "local[2]", "data", "../shared/data", "epochs", "20",
            "sync-every", "1", "sparse-rows", "20000"));
        opts.put("splits", "1");
        for (int i = 0; i + 1 < args.length; i += 2) {
            String key = args[i].replaceFirst("^--", "");
            if (!opts.containsKey(key)) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; options: " + opts.keySet());
            }
            opts.put(key, args[i + 1]);
        }
        SparkSession spark = SparkSession.builder().master(opts.get("master")).appName("spark-mlp bench")
            .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", opts.get("partitions"))
            // Every iteration a Spark job, as on a cluster: the benchmarks time those jobs. Tables, timing what a
            // user meets in local mode, turns the in-JVM passes of small tables back on.
            .config(SparkTrainer.LOCAL_TRAINING_BYTES, "0")
            .getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        JobRecorder recorder = new JobRecorder();
        spark.sparkContext().addSparkListener(recorder);
        Benchmark.Context c = new Benchmark.Context(spark, recorder, new StringBuilder(),
            Integer.parseInt(opts.get("warmup")), Integer.parseInt(opts.get("iterations")),
            Integer.parseInt(opts.get("partitions")));
        Bench bench = new Bench(c);
        try {
            bench.header(opts);
            new KernelCeiling(c).run();
            new FixedCost(c).run();
            for (String dataset : opts.get("datasets").split(",")) {
                switch (dataset.trim()) {
                    case "none" -> { }
                    case "overhead" -> new Overhead(c).run();
                    case "scaling" -> new Scaling(c).run();
                    case "minibatch" -> new MiniBatch(c).mnist(opts.get("data") + "/mnist_train.csv.gz",
                        opts.get("data") + "/mnist_test.csv.gz", Integer.parseInt(opts.get("epochs")),
                        java.util.Arrays.stream(opts.get("sync-every").split(",")).map(String::trim)
                            .map(Integer::valueOf).toList());
                    case "mnist" -> new SideBySide(c).mnist(opts.get("data") + "/mnist_train.csv.gz");
                    case "tall" -> new SideBySide(c).tall(Long.parseLong(opts.get("tall-rows")));
                    case "ingest" -> {
                        new Ingest(c).mnist(opts.get("data") + "/mnist_train.csv.gz");
                        new Ingest(c).tall(Long.parseLong(opts.get("tall-rows")));
                        new Ingest(c).fromDisk(Long.parseLong(opts.get("tall-rows")));
                    }
                    case "estimators" -> new Estimators(c).mnist(opts.get("data") + "/mnist_train.csv.gz",
                        opts.get("data") + "/mnist_test.csv.gz");
                    case "tables" -> new Tables(c).run(opts.get("data"), Integer.parseInt(opts.get("splits")));
                    case "sparse" -> new Sparse(c).run(Integer.parseInt(opts.get("sparse-rows")));
                    case "epochs" -> new Epochs(c).mnist(opts.get("data") + "/mnist_train.csv.gz");
                    case "accuracy" -> new TimeToAccuracy(c).run(opts.get("data") + "/mnist_train.csv.gz",
                        opts.get("data") + "/mnist_test.csv.gz");
                    default -> throw new IllegalArgumentException(
                        "unknown dataset " + dataset + "; mnist, tall, ingest, estimators, overhead, minibatch, scaling, tables, "
                            + "sparse, epochs or accuracy");
                }
            }
        } finally {
            System.out.println(bench.report);
            spark.stop();
        }
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
}
