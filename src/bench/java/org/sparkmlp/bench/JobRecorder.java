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

/** Records the jobs, stages and task times of a run, for the benchmarks to time iterations by. */
/** Records job start and end times with their description and call site. */
final class JobRecorder extends SparkListener {
    record Job(int id, long start, String description, String callSite) {
    }

    /**
     * Per job: the longest task's run time, and summed deserialization, result serialization, GC (ms); the
     * largest serialized result (bytes) and the longest time the driver spent fetching one (ms).
     */
    record TaskTimes(long longestRun, long deserialize, long resultSerialize, long gc, long resultBytes,
                     long gettingResult) {
    }

    private final List<Job> jobs = new CopyOnWriteArrayList<>();
    private final Map<Integer, Integer> stageToJob = new ConcurrentHashMap<>();
    private final Map<Integer, TaskTimes> taskTimes = new ConcurrentHashMap<>();
    private final Map<Integer, Long> ends = new ConcurrentHashMap<>();
    /** Per job, each task's launch, end of deserialization, end of run and finish on the driver (ms). */
    private final Map<Integer, List<long[]>> tasks = new ConcurrentHashMap<>();
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
        var info = e.taskInfo();
        long deserialized = info.launchTime() + m.executorDeserializeTime();
        tasks.computeIfAbsent(job, k -> new CopyOnWriteArrayList<>()).add(new long[] {info.launchTime(), deserialized,
            deserialized + m.executorRunTime(), info.finishTime()});
        long getting = info.gettingResult() ? info.finishTime() - info.gettingResultTime() : 0;
        taskTimes.merge(job, new TaskTimes(m.executorRunTime(), m.executorDeserializeTime(),
            m.resultSerializationTime(), m.jvmGCTime(), m.resultSize(), getting), (a, b) -> new TaskTimes(
            Math.max(a.longestRun(), b.longestRun()), a.deserialize() + b.deserialize(),
            a.resultSerialize() + b.resultSerialize(), a.gc() + b.gc(), Math.max(a.resultBytes(), b.resultBytes()),
            Math.max(a.gettingResult(), b.gettingResult())));
    }

    /**
     * Medians over the matching jobs since {@code mark}: longest task, deserialize, serialize, GC and
     * fetching a result (seconds), and the largest result (bytes).
     */
    double[] taskBreakdown(int mark, Predicate<Job> which) {
        List<Job> js = since(mark, which);
        double[][] cols = new double[6][js.size()];
        for (int i = 0; i < js.size(); i++) {
            TaskTimes t = taskTimes.getOrDefault(js.get(i).id(), new TaskTimes(0, 0, 0, 0, 0, 0));
            cols[0][i] = t.longestRun() * 1e-3;
            cols[1][i] = t.deserialize() * 1e-3;
            cols[2][i] = t.resultSerialize() * 1e-3;
            cols[3][i] = t.gc() * 1e-3;
            cols[4][i] = t.gettingResult() * 1e-3;
            cols[5][i] = t.resultBytes();
        }
        double[] out = new double[cols.length];
        for (int c = 0; c < cols.length; c++) {
            out[c] = cols[c].length == 0 ? Double.NaN : Benchmark.median(cols[c]);
        }
        return out;
    }

    /** Job {@code id}'s task breakdown, in the columns of {@link #taskBreakdown}. */
    double[] taskTimes(int id) {
        TaskTimes t = taskTimes.getOrDefault(id, new TaskTimes(0, 0, 0, 0, 0, 0));
        return new double[] {t.longestRun() * 1e-3, t.deserialize() * 1e-3, t.resultSerialize() * 1e-3,
            t.gc() * 1e-3, t.gettingResult() * 1e-3, t.resultBytes()};
    }

    /**
     * Where job {@code id}'s time went, in ms: from the end of the job before it ({@code previousEnd}) to its
     * start; from its start to the first task's launch; the longest deserialization; the longest run; from
     * the end of the last task's run to its finish on the driver (result serialization, transfer and
     * deserialization); from that finish to the job's end.
     */
    long[] timeline(int id, long previousEnd) {
        Job job = jobs.stream().filter(j -> j.id() == id).findFirst().orElseThrow();
        List<long[]> ts = tasks.getOrDefault(id, List.of());
        long firstLaunch = ts.stream().mapToLong(t -> t[0]).min().orElse(job.start());
        long deser = ts.stream().mapToLong(t -> t[1] - t[0]).max().orElse(0);
        long run = ts.stream().mapToLong(t -> t[2] - t[1]).max().orElse(0);
        long[] last = ts.stream().max(java.util.Comparator.comparingLong(t -> t[3])).orElse(new long[4]);
        long end = ends.getOrDefault(id, job.start());
        return new long[] {job.start() - previousEnd, firstLaunch - job.start(), deser, run, last[3] - last[2],
            end - last[3]};
    }

    long endOf(int id) {
        return ends.getOrDefault(id, 0L);
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
