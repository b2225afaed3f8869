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
 * What every benchmark shares: the Spark session, the job recorder, the report being written and the
 * iteration counts, with the timing and reporting helpers.
 */
abstract class Benchmark {
    /** The session, the job listener, the report, and how many warm-up and timed iterations to run. */
    record Context(SparkSession spark, JobRecorder recorder, StringBuilder report, int warmup, int iterations,
                   int partitions) {
    }

    /** Finite values required, labels not checked against a class count. */
    static final org.sparkmlp.data.RowRules ANY_LABEL =
        org.sparkmlp.data.RowRules.anyLabel(org.sparkmlp.data.OnInvalidRows.FAIL);

    final Context context;
    final SparkSession spark;
    final JavaSparkContext jsc;
    final JobRecorder recorder;
    final StringBuilder report;
    final int warmup;
    final int iterations;
    final int partitions;

    Benchmark(Context c) {
        this.context = c;
        this.spark = c.spark();
        this.jsc = JavaSparkContext.fromSparkContext(c.spark().sparkContext());
        this.recorder = c.recorder();
        this.report = c.report();
        this.warmup = c.warmup();
        this.iterations = c.iterations();
        this.partitions = c.partitions();
    }

    void line(String format, Object... args) {
        String s = String.format(Locale.ROOT, format, args);
        report.append(s).append('\n');
        System.err.println("bench: " + s);
    }

    static Predicate<JobRecorder.Job> ours() {
        return j -> j.description() != null && j.description().startsWith("spark-mlp: iteration");
    }

    static Predicate<JobRecorder.Job> mllib() {
        return j -> j.callSite() != null && j.callSite().contains("GradientDescent");
    }

    static double flopsPerIteration(long n, List<Integer> layers) {
        double sum = 0;
        for (int i = 0; i + 1 < layers.size(); i++) {
            double inOut = (double) layers.get(i) * layers.get(i + 1);
            sum += (i == 0 ? 2 : 3) * inOut;
        }
        return 2.0 * n * sum;
    }

    long cachedBytes(Predicate<RDDInfo> which) {
        long total = 0;
        for (RDDInfo info : spark.sparkContext().getRDDStorageInfo()) {
            if (info.isCached() && which.test(info)) {
                total += info.memSize() + info.diskSize();
            }
        }
        return total;
    }

    /** {@code 784-128-10}. */
    static String joined(int[] layers) {
        StringBuilder s = new StringBuilder();
        for (int l : layers) {
            s.append(s.length() == 0 ? "" : "-").append(l);
        }
        return s.toString();
    }

    /** The parameter count of a fully connected network of these widths. */
    static long params(int[] layers) {
        long n = 0;
        for (int i = 0; i + 1 < layers.length; i++) {
            n += (long) (layers[i] + 1) * layers[i + 1];
        }
        return n;
    }

    /** {@code n} rows of {@code d} random features and a label in {@code [0, classes)}, cached. */
    Dataset<Row> randomTable(int n, int d, int classes, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        StructType schema = new StructType();
        for (int j = 0; j < d; j++) {
            schema = schema.add("f" + j, DataTypes.DoubleType);
        }
        schema = schema.add("label", DataTypes.DoubleType);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Object[] v = new Object[d + 1];
            for (int j = 0; j < d; j++) {
                v[j] = rng.nextDouble();
            }
            v[d] = (double) rng.nextInt(classes);
            rows.add(RowFactory.create(v));
        }
        Dataset<Row> df = spark.createDataFrame(rows, schema).cache();
        df.count();
        return df;
    }

    static double[] tail(double[] a, int k) {
        return Arrays.copyOfRange(a, Math.max(0, a.length - k), a.length);
    }

    static double median(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static double min(double[] a) {
        return Arrays.stream(a).min().orElse(Double.NaN);
    }

    static double max(double[] a) {
        return Arrays.stream(a).max().orElse(Double.NaN);
    }
}
