package org.sparkmlp.bench;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.sparkmlp.spark.SparkTrainer;
import org.sparkmlp.train.IterationRecord;
import org.sparkmlp.train.TrainConfig;

/**
 * Where a mini-batch iteration's time goes, by model size: 256-row mini-batches over the benchmark's
 * partitions of random 784-feature rows, for networks of about 0.1M, 0.5M, 2M and 10M parameters. Per
 * iteration (medians): job start to job start, the longest task, the overhead (the difference), and its
 * parts as the driver and the scheduler see them, beside Spark's floor for an empty job and the time to
 * copy the parameters through memory once.
 */
final class Overhead extends Benchmark {
    private static final int FEATURES = 784;
    private static final int ROWS = 8192;
    private static final int BATCH = 256;

    Overhead(Context c) {
        super(c);
    }

    void run() {
        Dataset<Row> df = randomTable(ROWS, FEATURES, 10, 11).repartition(partitions).cache();
        df.count();
        int floorMark = recorder.mark();
        double[] floor = new FixedCost(context).emptyJobs(false);
        timelines.add(timelineRow("Spark's floor (empty job)", recorder.since(floorMark, j -> true), 200));
        line("## Mini-batch iteration overhead by model size");
        line("");
        line("%d random rows of %d features, 10 classes; mini-batches of %d rows over %d partitions; Adam. "
            + "Medians over %d timed iterations after %d warm-up epoch(s). Spark's floor, an empty job over the "
            + "same partitions: %.1f ms.", ROWS, FEATURES, BATCH, partitions, iterations, warmup, 1e3 * median(floor));
        line("");
        line("| layers | parameters | iteration (ms) | longest task (ms) | overhead (ms) | broadcast on the driver (ms) "
            + "| job minus compute (ms) | largest task result (MB) | fetching a result (ms) | result serialization, "
            + "summed (ms) | task deserialization, summed (ms) | driver step (ms) | copying the parameters once (ms) "
            + "| overhead / copy | Spark's floor just before (ms) | overhead minus that floor (ms) |");
        line("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        for (int[] layers : List.of(new int[] {FEATURES, 128, 10}, new int[] {FEATURES, 512, 256, 10},
            new int[] {FEATURES, 2048, 256, 10}, new int[] {FEATURES, 3072, 2560, 10})) {
            model(df, layers);
        }
        line("");
        line("Each iteration's timeline (medians, ms, from the scheduler's timestamps): the driver between jobs (the step, "
            + "the loop, the broadcast), job start to the first task's launch, the longest task deserialization, the "
            + "longest run, the last task's run end to its finish on the driver, and that to the job's end.");
        line("");
        line("| layers | between jobs | to first launch | deserialize | run | result to driver | to job end |");
        line("| --- | --- | --- | --- | --- | --- | --- |");
        timelines.forEach(this::line);
        line("");
        df.unpersist();
    }

    private final List<String> timelines = new java.util.ArrayList<>();

    /**
     * One model's row. Spark's empty-job floor drifts by several milliseconds over minutes on a shared
     * machine, so it is measured again just before the model, and the overhead is also given above it.
     */
    private void model(Dataset<Row> df, int[] layers) {
        double floor = median(new FixedCost(context).emptyJobs(false));
        long perEpoch = ROWS / BATCH;
        TrainConfig cfg = TrainConfig.builder().layers(java.util.Arrays.stream(layers).boxed().toList()).batchSize(BATCH)
            .epochs((int) (warmup + (iterations + perEpoch - 1) / perEpoch)).seed(7).build();
        int mark = recorder.mark();
        SparkTrainer trainer = new SparkTrainer(cfg);
        trainer.fit(df);
        List<IterationRecord> timed = trainer.history().subList((int) (warmup * perEpoch), trainer.history().size());
        double[] gaps = tail(recorder.gaps(mark, ours()), timed.size() - 1);
        double[] tasks = taskColumn(mark, 0, timed.size());
        double[] step = timed.stream().mapToDouble(IterationRecord::stepSeconds).toArray();
        double[] broadcast = timed.stream().mapToDouble(IterationRecord::broadcastSeconds).toArray();
        double[] aggregation = timed.stream().mapToDouble(IterationRecord::aggregationSeconds).toArray();
        timelines.add(timelineRow(joined(layers), recorder.since(mark, ours()), timed.size()));
        long params = params(layers);
        double copy = copySeconds((int) params);
        double it = median(gaps);
        double overhead = it - median(tasks);
        line("| %s | %,d | %.1f | %.1f | %.1f | %.1f | %.1f | %.2f | %.1f | %.1f | %.1f | %.1f | %.2f | %.1f | %.1f "
            + "| %.1f |",
            joined(layers), params, 1e3 * it, 1e3 * median(tasks), 1e3 * overhead, 1e3 * median(broadcast),
            1e3 * median(aggregation), median(taskColumn(mark, 5, timed.size())) / 1e6,
            1e3 * median(taskColumn(mark, 4, timed.size())), 1e3 * median(taskColumn(mark, 2, timed.size())),
            1e3 * median(taskColumn(mark, 1, timed.size())), 1e3 * median(step), 1e3 * copy, overhead / copy,
            1e3 * floor, 1e3 * (overhead - floor));
    }

    /** The median timeline of the last {@code n} of {@code jobs}, each measured from the end of the one before. */
    private String timelineRow(String name, List<JobRecorder.Job> jobs, int n) {
        List<JobRecorder.Job> last = jobs.subList(Math.max(1, jobs.size() - n), jobs.size());
        double[][] t = new double[6][last.size()];
        for (int i = 0; i < last.size(); i++) {
            long[] parts = recorder.timeline(last.get(i).id(), recorder.endOf(jobs.get(jobs.indexOf(last.get(i)) - 1).id()));
            for (int c = 0; c < 6; c++) {
                t[c][i] = parts[c];
            }
        }
        return String.format("| %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f |", name, median(t[0]), median(t[1]),
            median(t[2]), median(t[3]), median(t[4]), median(t[5]));
    }

    /** One column of the recorder's per-job task breakdown, for the last {@code n} iterations. */
    private double[] taskColumn(int mark, int column, int n) {
        List<JobRecorder.Job> jobs = recorder.since(mark, ours());
        List<JobRecorder.Job> last = jobs.subList(Math.max(0, jobs.size() - n), jobs.size());
        return last.stream().mapToDouble(j -> recorder.taskTimes(j.id())[column]).toArray();
    }


    /** The median time of one {@code System.arraycopy} of {@code n} doubles into another array. */
    private static double copySeconds(int n) {
        double[] a = new double[n];
        double[] b = new double[n];
        java.util.Arrays.fill(a, 1.5);
        double[] t = new double[41];
        for (int i = 0; i < t.length; i++) {
            long start = System.nanoTime();
            System.arraycopy(a, 0, b, 0, n);
            t[i] = (System.nanoTime() - start) * 1e-9;
            a[i] = b[n - 1 - i];
        }
        return median(t);
    }
}
