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

/** The cost of an iteration of a tiny model, against Spark's own floor for an empty job. */
final class FixedCost extends Benchmark {
    FixedCost(Context c) {
        super(c);
    }

    /** Median time of a mini-batch iteration of a tiny model: what mini-batch training pays per step. */
    void run() {
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
    double[] emptyJobs(boolean broadcast) {
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
}
