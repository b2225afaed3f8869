package org.sparkmlp.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.sparkmlp.spark.SparkTrainer;
import org.sparkmlp.train.IterationRecord;
import org.sparkmlp.train.TrainConfig;

/**
 * An iteration's cost against the partition count. First the small table of the scaling issue: 4,435 rows
 * of 36 features and 6 classes (Landsat satimage's shape, random values), 36-128-6, batches of 256, with
 * the input in 2 to 512 partitions, read by the trainer as it chooses and cached in as many partitions as
 * asked. Then the terms of docs/SCALING.md's cost model: random 784-feature rows, models of 0.1M and 2M
 * parameters, the blocks cached in 2 to 128 partitions, direct and tree sums, each iteration split into
 * its measured parts; a linear model is fitted on part of these runs and checked on the rest.
 */
final class Scaling extends Benchmark {
    Scaling(Context c) {
        super(c);
    }

    void run() {
        taskFloor();
        smallTable();
        costTerms();
    }

    /** Spark's own cost of a job's tasks: empty jobs over 2 to 512 cached partitions, one task each. */
    private void taskFloor() {
        line("## Spark's floor by task count");
        line("");
        line("| tasks | empty job (ms) | per task beyond 2 (ms) |");
        line("| --- | --- | --- |");
        double two = Double.NaN;
        for (int t : new int[] {2, 8, 32, 128, 512}) {
            org.apache.spark.api.java.JavaRDD<Integer> rdd = jsc.parallelize(
                java.util.stream.IntStream.range(0, t).boxed().toList(), t).cache();
            rdd.count();
            double[] times = new double[60];
            for (int i = -10; i < times.length; i++) {
                long start = System.nanoTime();
                spark.sparkContext().runJob(rdd.rdd(), new Nothing(), scala.reflect.ClassTag$.MODULE$.Double());
                if (i >= 0) {
                    times[i] = (System.nanoTime() - start) * 1e-6;
                }
            }
            rdd.unpersist();
            double m = median(times);
            if (t == 2) {
                two = m;
            }
            line("| %d | %.1f | %s |", t, m, t == 2 ? "" : String.format(Locale.ROOT, "%.3f", (m - two) / (t - 2)));
        }
        line("");
    }

    /** A task that does nothing. */
    private static final class Nothing extends scala.runtime.AbstractFunction2<org.apache.spark.TaskContext,
        scala.collection.Iterator<Integer>, Object> implements java.io.Serializable {
        @Override
        public Object apply(org.apache.spark.TaskContext context, scala.collection.Iterator<Integer> it) {
            return 0.0;
        }
    }

    private void smallTable() {
        Dataset<Row> rows = randomTable(4435, 36, 6, 5);
        line("## Iteration time against the partition count (36-128-6, 4,435 rows, batch 256)");
        line("");
        line("Median ms per iteration, job start to job start, over 3 epochs after the first. \"input\": the "
            + "DataFrame has that many partitions and the trainer chooses its own; \"cached\": `partitions` asks for "
            + "that many cached partitions.");
        line("");
        line("| partitions | input (ms) | cached (ms) |");
        line("| --- | --- | --- |");
        for (int p : new int[] {2, 8, 32, 128, 512}) {
            Dataset<Row> input = rows.repartition(p).cache();
            input.count();
            TrainConfig cfg = TrainConfig.builder().label("label").layers(36, 128, 6).batchSize(256).epochs(4)
                .seed(3).build();
            double asInput = iteration(cfg, input, null, 18);
            double asCached = iteration(cfg, input, p, 18);
            line("| %d | %.1f | %.1f |", p, asInput, asCached);
            input.unpersist();
        }
        line("");
    }

    /** The median gap between iteration jobs of a fit, skipping the first {@code skip} iterations. */
    private double iteration(TrainConfig cfg, Dataset<Row> df, Integer partitions, int skip) {
        int mark = recorder.mark();
        new SparkTrainer(cfg).fit(df, "bench", partitions);
        double[] gaps = recorder.gaps(mark, ours());
        return 1e3 * median(java.util.Arrays.copyOfRange(gaps, Math.min(skip, gaps.length - 1), gaps.length));
    }

    private void costTerms() {
        Dataset<Row> rows = randomTable(8192, 784, 10, 9);
        int slots = jsc.defaultParallelism();
        line("## Cost-model terms (784 features, batch 256, %d task slots)", slots);
        line("");
        line("Medians over 40 iterations after 8. T: cached partitions; tasks: min(T, slots); d: aggregation "
            + "depth. Parts as the trainer records them: broadcast on the driver, the longest task's computation, "
            + "the job minus that computation, the driver's step. Predicted: the fitted model below.");
        line("");
        line("| layers | parameters | T | d | iteration (ms) | broadcast (ms) | compute (ms) | job minus compute (ms) "
            + "| step (ms) | predicted (ms) | fitted on |");
        line("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        List<double[]> features = new ArrayList<>();
        List<Double> overhead = new ArrayList<>();
        List<Double> measured = new ArrayList<>();
        List<double[]> parts = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<Boolean> fit = new ArrayList<>();
        int[][] models = {{784, 128, 10}, {784, 512, 256, 10}, {784, 2048, 256, 10}};
        // a discarded fit first, so that the first measured one does not pay for the JIT
        new SparkTrainer(TrainConfig.builder().label("label").layers(784, 128, 10).batchSize(256).epochs(2).build())
            .fit(rows, "bench", 2);
        for (int mi = 0; mi < models.length; mi++) {
            int[] layers = models[mi];
            long params = params(layers);
            for (int t : new int[] {2, 8, 32, 128}) {
                for (int depth : new int[] {1, 2}) {
                    if (depth == 2 && t <= slots) {
                        continue;
                    }
                    TrainConfig cfg = TrainConfig.builder().label("label")
                        .layers(java.util.Arrays.stream(layers).boxed().toList()).batchSize(256).epochs(2).seed(3)
                        .aggregationDepth(depth).build();
                    int mark = recorder.mark();
                    SparkTrainer trainer = new SparkTrainer(cfg);
                    trainer.fit(rows, "bench", t);
                    List<IterationRecord> h = trainer.history().subList(8, 48);
                    double[] gaps = recorder.gaps(mark, ours());
                    double it = median(java.util.Arrays.copyOfRange(gaps, 8, 47));
                    double compute = median(h.stream().mapToDouble(IterationRecord::computeSeconds).toArray());
                    double mb = params * 4.0 / (1 << 20);
                    int tasks = Math.min(t, slots);
                    // the overhead's terms: fixed, cached partitions per task, MB of float weights (broadcast,
                    // results, step), a tree level; compute: rows per task times parameters
                    features.add(new double[] {1, (double) t / tasks, mb, depth - 1});
                    parts.add(new double[] {256.0 / tasks * params, compute, mb,
                        median(h.stream().mapToDouble(IterationRecord::broadcastSeconds).toArray()),
                        median(h.stream().mapToDouble(IterationRecord::stepSeconds).toArray())});
                    overhead.add(it - compute);
                    measured.add(it);
                    labels.add(String.format(Locale.ROOT, "| %s | %,d | %d | %d | %.1f | %.1f | %.1f | %.1f | %.1f |",
                        joined(layers), params, t, depth, 1e3 * it, ms(h, IterationRecord::broadcastSeconds),
                        1e3 * compute, ms(h, IterationRecord::aggregationSeconds), ms(h, IterationRecord::stepSeconds)));
                    // the 0.5M model and T = 32 are held out to check the fit
                    fit.add(mi != 1 && t != 32);
                }
            }
        }
        double[] coef = leastSquares(features, overhead, fit);
        double perRowParam = throughOrigin(parts, fit, 0, 1);
        for (int i = 0; i < labels.size(); i++) {
            double p = dot(coef, features.get(i)) + perRowParam * parts.get(i)[0];
            line("%s %.1f | %s |", labels.get(i), 1e3 * p, fit.get(i) ? "yes" : String.format(Locale.ROOT,
                "no: %+.0f%%", 100 * (p - measured.get(i)) / measured.get(i)));
        }
        line("");
        line("Fitted on the rows marked yes. Overhead (iteration minus the longest computation), ms: fixed %.2f; per "
            + "cached partition a task reads %.3f; per MB of float weights %.3f (of which broadcast %.3f and the "
            + "driver's step %.3f, fitted on their own columns; the rest is the results' way back); per tree level "
            + "%.2f. Computation: %.3f ns per row per parameter.", 1e3 * coef[0], 1e3 * coef[1], 1e3 * coef[2],
            1e3 * throughOrigin(parts, fit, 2, 3), 1e3 * throughOrigin(parts, fit, 2, 4), 1e3 * coef[3],
            1e9 * perRowParam);
        line("");
    }

    /** The slope of column {@code y} against column {@code x} through the origin, over the rows marked {@code use}. */
    private static double throughOrigin(List<double[]> rows, List<Boolean> use, int x, int y) {
        double xy = 0;
        double xx = 0;
        for (int i = 0; i < rows.size(); i++) {
            if (use.get(i)) {
                xy += rows.get(i)[x] * rows.get(i)[y];
                xx += rows.get(i)[x] * rows.get(i)[x];
            }
        }
        return xy / xx;
    }

    private static double ms(List<IterationRecord> h, java.util.function.ToDoubleFunction<IterationRecord> f) {
        return 1e3 * median(h.stream().mapToDouble(f).toArray());
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** Ordinary least squares over the rows marked {@code use}, by the normal equations. */
    private static double[] leastSquares(List<double[]> x, List<Double> y, List<Boolean> use) {
        int k = x.get(0).length;
        double[][] a = new double[k][k + 1];
        for (int r = 0; r < x.size(); r++) {
            if (!use.get(r)) {
                continue;
            }
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    a[i][j] += x.get(r)[i] * x.get(r)[j];
                }
                a[i][k] += x.get(r)[i] * y.get(r);
            }
        }
        for (int i = 0; i < k; i++) {
            a[i][i] += 1e-12;
            int pivot = i;
            for (int r = i + 1; r < k; r++) {
                if (Math.abs(a[r][i]) > Math.abs(a[pivot][i])) {
                    pivot = r;
                }
            }
            double[] tmp = a[i];
            a[i] = a[pivot];
            a[pivot] = tmp;
            for (int r = 0; r < k; r++) {
                if (r != i) {
                    double f = a[r][i] / a[i][i];
                    for (int c = i; c <= k; c++) {
                        a[r][c] -= f * a[i][c];
                    }
                }
            }
        }
        double[] out = new double[k];
        for (int i = 0; i < k; i++) {
            out[i] = a[i][k] / a[i][i];
        }
        return out;
    }
}
