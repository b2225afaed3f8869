package org.sparkmlp.bench;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.sparkmlp.spark.SparkData;
import org.sparkmlp.spark.SparkMlpModel;
import org.sparkmlp.spark.SparkScoring;
import org.sparkmlp.spark.SparkTrainer;
import org.sparkmlp.train.IterationRecord;
import org.sparkmlp.train.TrainConfig;

/**
 * A mini-batch run as a user starts one on MNIST: 784-512-256-10 ReLU with dropout 0.2, AdamW with a
 * cosine schedule, batches of 256, 20 epochs, from a cached DataFrame of the 60,000 training rows. Reports
 * the wall time of the fit (reading into blocks included), the iteration's parts (medians over the run),
 * and the accuracy on the 10,000 test rows.
 */
final class MiniBatch extends Benchmark {
    MiniBatch(Context c) {
        super(c);
    }

    /**
     * The run once per value of {@code syncEvery}: 1 is the synchronous trainer; K > 1 runs local rounds of K
     * steps (docs/PERFORMANCE.md), for its time and accuracy against 1.
     */
    void mnist(String trainPath, String testPath, int epochs, List<Integer> syncEvery) {
        if (!java.nio.file.Files.isRegularFile(java.nio.file.Path.of(trainPath))) {
            line("## MNIST mini-batch run: skipped, %s is absent", trainPath);
            return;
        }
        Dataset<Row> train = SparkData.read(spark, trainPath, "csv").repartition(partitions).cache();
        train.count();
        Dataset<Row> test = SparkData.read(spark, testPath, "csv").cache();
        test.count();
        line("## MNIST mini-batch run: 784-512-256-10, dropout 0.2, AdamW, cosine, batch 256, %d epochs", epochs);
        line("");
        line("| sync every | wall time of the fit (s) | jobs | per optimizer step (ms) | job (ms) | compute, longest "
            + "partition (ms) | broadcast (ms) | job minus compute (ms) | driver step (ms) | test accuracy |");
        line("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        for (int k : syncEvery) {
            TrainConfig.Builder b = TrainConfig.builder().label("label").layers(784, 512, 256, 10).activation("relu")
                .dropout(0.2).optimizer("adamw").lrSchedule("cosine").batchSize(256).epochs(epochs).seed(1);
            if (k != 1) {
                org.sparkmlp.train.Setting<?> s = org.sparkmlp.train.Settings.named("sync-every");
                if (s == null) {
                    line("| %d | this build has no sync-every | | | | | | | | |", k);
                    continue;
                }
                s.apply(b, Integer.toString(k));
            }
            long t0 = System.nanoTime();
            SparkTrainer trainer = new SparkTrainer(b.build());
            SparkMlpModel model = trainer.fit(train);
            double wall = (System.nanoTime() - t0) * 1e-9;
            double accuracy = SparkScoring.evaluate(model.model(), test, "MNIST test").toMap().get("accuracy");
            List<IterationRecord> h = trainer.history();
            double steps = h.get(h.size() - 1).iteration();
            line("| %d | %.1f | %d | %.2f | %.1f | %.1f | %.1f | %.1f | %.1f | %.4f |", k, wall, h.size(),
                1e3 * Arrays.stream(column(h, IterationRecord::seconds)).sum() / steps,
                1e3 * median(column(h, IterationRecord::seconds)),
                1e3 * median(column(h, IterationRecord::computeSeconds)),
                1e3 * median(column(h, IterationRecord::broadcastSeconds)),
                1e3 * median(column(h, IterationRecord::aggregationSeconds)),
                1e3 * median(column(h, IterationRecord::stepSeconds)), accuracy);
        }
        line("");
        train.unpersist();
        test.unpersist();
    }

    private static double[] column(List<IterationRecord> h, java.util.function.ToDoubleFunction<IterationRecord> f) {
        return h.stream().mapToDouble(f).toArray();
    }
}
