package org.sparkmlp.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
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
import org.sparkmlp.math.Kernels;
import org.sparkmlp.math.Matrix;
import org.sparkmlp.optim.OptimizerKind;
import org.sparkmlp.spark.CsvBlocks;
import org.sparkmlp.spark.SparkData;
import org.sparkmlp.spark.SparkTrainer;
import org.sparkmlp.train.Seeds;
import org.sparkmlp.train.TrainConfig;

/** GEMM throughput on the shapes of one block's products: the ceiling a gradient pass is measured against. */
final class KernelCeiling extends Benchmark {
    KernelCeiling(Context c) {
        super(c);
    }

    /** GEMM throughput on the shapes of one block's forward and weight-gradient products. */
    void run() {
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

    /**
     * GFLOP/s of {@code threads} threads each running the matrix products of a single-precision gradient pass
     * of the network {@code layers} on chunks of {@code rows} rows, and nothing else: for every layer the
     * forward {@code inp·w}, the weight gradient {@code inpᵀ·dout} and, past the first layer, the input
     * gradient {@code dout·wᵀ}. The ceiling that pass's GFLOP/s is measured against.
     */
    static double networkRate(List<Integer> layers, int rows, int threads) {
        int depth = layers.size() - 1;
        double flops = 0;
        for (int l = 0; l < depth; l++) {
            flops += 2.0 * rows * layers.get(l) * layers.get(l + 1) * (l == 0 ? 2 : 3);
        }
        int reps = (int) Math.max(50, 4e9 / flops);
        return onThreads(threads, flops, reps, id -> {
            SplittableRandom rng = new SplittableRandom(id);
            Matrix[] act = new Matrix[depth + 1];
            Matrix[] grad = new Matrix[depth + 1];
            Matrix[] w = new Matrix[depth];
            Matrix[] dw = new Matrix[depth];
            for (int l = 0; l <= depth; l++) {
                act[l] = floats(rng, rows, layers.get(l));
                grad[l] = floats(rng, rows, layers.get(l));
            }
            for (int l = 0; l < depth; l++) {
                w[l] = floats(rng, layers.get(l), layers.get(l + 1));
                dw[l] = floats(rng, layers.get(l), layers.get(l + 1));
            }
            return () -> {
                for (int l = 0; l < depth; l++) {
                    int in = layers.get(l);
                    int out = layers.get(l + 1);
                    Kernels.gemm(false, false, rows, out, in, 1, act[l], 0, in, w[l], 0, out, 1, act[l + 1], 0, out);
                }
                for (int l = depth - 1; l >= 0; l--) {
                    int in = layers.get(l);
                    int out = layers.get(l + 1);
                    Kernels.gemm(true, false, in, out, rows, 1e-3, act[l], 0, in, grad[l + 1], 0, out, 1, dw[l], 0, out);
                    if (l > 0) {
                        Kernels.gemm(false, true, rows, in, out, 1e-3, grad[l + 1], 0, out, w[l], 0, out, 0, grad[l], 0,
                            in);
                    }
                }
            };
        });
    }

    /**
     * Summed GFLOP/s of {@code threads} threads, each preparing its own buffers with {@code setup} (given the
     * thread's index) and then running the work it returns 5 times untimed and {@code reps} times timed, each
     * time {@code flops} floating-point operations.
     */
    private static double onThreads(int threads, double flops, int reps, IntFunction<Runnable> setup) {
        long[] nanos = new long[threads];
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            ts.add(new Thread(() -> {
                Runnable work = setup.apply(id);
                for (int r = 0; r < 5; r++) {
                    work.run();
                }
                long t0 = System.nanoTime();
                for (int r = 0; r < reps; r++) {
                    work.run();
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

    private static Matrix floats(SplittableRandom rng, int rows, int cols) {
        float[] f = new float[rows * cols];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) (rng.nextDouble() - 0.5) * 0.1f;
        }
        return Matrix.wrap(rows, cols, f);
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
        return onThreads(threads, flops, reps, id -> {
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
            Matrix da = Matrix.wrap(1, a.length, a);
            Matrix db = Matrix.wrap(1, b.length, b);
            Matrix dc = Matrix.wrap(1, c.length, c);
            Matrix fa = Matrix.wrap(1, af.length, af);
            Matrix fb = Matrix.wrap(1, bf.length, bf);
            Matrix fc = Matrix.wrap(1, cf.length, cf);
            return () -> {
                if (single) {
                    Kernels.gemm(ta, tb, m, n, k, 1, fa, 0, ta ? m : k, fb, 0, tb ? k : n, 0, fc, 0, n);
                } else {
                    Kernels.gemm(ta, tb, m, n, k, 1, da, 0, ta ? m : k, db, 0, tb ? k : n, 0, dc, 0, n);
                }
            };
        });
    }
}
