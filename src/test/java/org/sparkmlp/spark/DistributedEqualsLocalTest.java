package org.sparkmlp.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sparkmlp.data.BlockBuilder;
import org.sparkmlp.data.DataBlock;
import org.sparkmlp.model.MlpModel;
import org.sparkmlp.nn.loss.LossKind;
import org.sparkmlp.optim.OptimizerKind;
import org.sparkmlp.testutil.Data;
import org.sparkmlp.testutil.SharedSpark;
import org.sparkmlp.testutil.Tolerances;
import org.sparkmlp.train.GradientSum;
import org.sparkmlp.train.LocalTrainer;
import org.sparkmlp.math.Precision;
import org.sparkmlp.train.TrainConfig;
import org.sparkmlp.train.TrainingLoop;
import org.sparkmlp.train.TrainingSetup;

/**
 * The Spark trainer computes what the single-JVM trainer computes, on the same blocks in the same
 * partitions, for any partitioning, when the single-JVM trainer shares the partitions among tasks as the
 * Spark trainer does on the test session's two task slots.
 */
class DistributedEqualsLocalTest {
    private static final List<String> FEATURES = List.of("a", "b", "c", "d", "e");

    /** The teacher's rows in blocks of 7, so that partitions hold several blocks. */
    private static List<DataBlock> blocks(int rows, long seed) {
        return Data.teacherBlocks(rows, FEATURES.size(), 7, seed);
    }

    private static void assertClose(double[] expected, double[] actual, String what) {
        Tolerances.assertRelativelyClose(expected, actual, Tolerances.DISTRIBUTED_REL, what);
    }

    private static TrainConfig config(int batchSize) {
        return TrainConfig.builder().labelColumn("label").layers(5, 6, 3).activation("tanh")
            .loss(LossKind.CROSS_ENTROPY).optimizer(OptimizerKind.SGD).learningRate(0.1).momentum(0.9)
            .epochs(5).batchSize(batchSize).blockSize(4).seed(17).build();
    }

    /** The first full-batch gradient on Spark and on the single-JVM trainer, over the same partitions. */
    private static void assertSameGradient(JavaRDD<DataBlock> rdd, List<List<DataBlock>> local, long rows) {
        for (Precision precision : Precision.values()) {
            assertSameGradient(rdd, local, rows, config(0).toBuilder().precision(precision).build());
            assertSameGradient(rdd, local, rows, config(0).toBuilder().precision(precision).dropout(0.3).build());
        }
    }

    private static void assertSameGradient(JavaRDD<DataBlock> rdd, List<List<DataBlock>> local, long rows,
                                           TrainConfig cfg) {
        TrainingSetup setup = TrainingSetup.prepare(cfg, LocalTrainer.summarize(local, 5), FEATURES);
        double[] params = TrainingLoop.initialParams(setup, cfg);
        GradientSum expected = LocalTrainer.gradient(setup, cfg, params, 0, local,
            org.sparkmlp.train.PartitionGroups.of(local.size(), SharedSpark.jsc().defaultParallelism()));
        GradientSum actual = SparkTrainer.gradient(SharedSpark.jsc(), rdd, setup, cfg, params, 0);
        assertEquals(rows, expected.count());
        assertEquals(expected.count(), actual.count());
        assertEquals(expected.lossSum(), actual.lossSum(), Tolerances.DISTRIBUTED_REL * expected.lossSum());
        assertClose(expected.grad(), actual.grad(),
            cfg.precision() + " gradient over " + local.size() + " partitions");
    }

    /**
     * More cached partitions than task slots: each of the two tasks reads a run of consecutive partitions,
     * and the sum is, bit for bit, the single-JVM trainer's with the same grouping, in both precisions,
     * for mini-batch and validating iterations alike.
     */
    @ParameterizedTest(name = "{0} partitions over 2 slots")
    @ValueSource(ints = {3, 8, 31})
    void partitionsSharedAmongTasksSumExactlyAsTheLocalTrainerGroupsThem(int partitions) {
        JavaRDD<DataBlock> rdd = SharedSpark.jsc().parallelize(blocks(200, 5), partitions).cache();
        List<List<DataBlock>> local = SparkData.collectPartitions(rdd);
        org.sparkmlp.train.PartitionGroups groups = org.sparkmlp.train.PartitionGroups.of(partitions,
            SharedSpark.jsc().defaultParallelism());
        assertEquals(2, groups.groups());
        for (Precision precision : Precision.values()) {
            TrainConfig cfg = config(40).toBuilder().precision(precision).dropout(0.2).validationFraction(0)
                .build();
            TrainingSetup setup = TrainingSetup.prepare(cfg, LocalTrainer.summarize(local, 5), FEATURES);
            double[] params = TrainingLoop.initialParams(setup, cfg);
            for (long it : new long[] {0, 3}) {
                GradientSum expected = LocalTrainer.gradient(setup, cfg, params, it, local, groups);
                GradientSum actual = SparkTrainer.gradient(SharedSpark.jsc(), rdd, setup, cfg, params, it);
                assertTrue(expected.count() > 0, "the batch has rows");
                assertEquals(expected.count(), actual.count());
                assertEquals(expected.lossSum(), actual.lossSum(), 0.0);
                assertArrayEquals(expected.grad(), actual.grad(), precision + " iteration " + it);
            }
        }
        rdd.unpersist();
    }

    @ParameterizedTest(name = "{0} partitions")
    @ValueSource(ints = {1, 2, 3, 8})
    void sparkGradientEqualsLocalGradientForAnyPartitioning(int partitions) {
        JavaRDD<DataBlock> rdd = SharedSpark.jsc().parallelize(blocks(200, 5), partitions).cache();
        List<List<DataBlock>> local = SparkData.collectPartitions(rdd);
        assertEquals(partitions, local.size());
        assertSameGradient(rdd, local, 200);
        rdd.unpersist();
    }

    @Test
    void emptyPartitionsContributeNothing() {
        // 5 one-row blocks over 8 partitions: three partitions are empty.
        List<DataBlock> five = new ArrayList<>();
        for (DataBlock b : blocks(5, 9)) {
            for (int r = 0; r < b.rows(); r++) {
                five.add(BlockBuilder.pack(new double[][] {row(b, r)}, new double[] {b.label(r)}, 1).get(0));
            }
        }
        JavaRDD<DataBlock> rdd = SharedSpark.jsc().parallelize(five, 8).cache();
        List<List<DataBlock>> local = SparkData.collectPartitions(rdd);
        assertTrue(local.stream().filter(List::isEmpty).count() >= 3, "some partitions must be empty");
        assertSameGradient(rdd, local, 5);

        TrainConfig cfg = config(0);
        MlpModel sparkModel = new SparkTrainer(cfg).fit(rdd, FEATURES);
        MlpModel localModel = LocalTrainer.fit(cfg, FEATURES, local, SharedSpark.jsc().defaultParallelism());
        assertClose(localModel.params(), sparkModel.params(), "weights after 5 steps with empty partitions");
        rdd.unpersist();
    }

    private static double[] row(DataBlock b, int r) {
        double[] out = new double[b.numFeatures()];
        for (int j = 0; j < out.length; j++) {
            out[j] = b.features()[r * b.numFeatures() + j];
        }
        return out;
    }

    @ParameterizedTest(name = "batch size {0}")
    @ValueSource(ints = {0, 32})
    void fiveStepsGiveTheSameWeights(int batchSize) {
        for (int partitions : new int[] {1, 2, 3, 8}) {
            JavaRDD<DataBlock> rdd = SharedSpark.jsc().parallelize(blocks(200, 5), partitions).cache();
            List<List<DataBlock>> local = SparkData.collectPartitions(rdd);
            TrainConfig cfg = config(batchSize);
            if (batchSize > 0) {
                cfg = cfg.toBuilder().epochs(1).build(); // 200 / 32 -> 7 mini-batch steps
            }
            MlpModel sparkModel = new SparkTrainer(cfg).fit(rdd, FEATURES);
            MlpModel localModel = LocalTrainer.fit(cfg, FEATURES, local, SharedSpark.jsc().defaultParallelism());
            assertClose(localModel.params(), sparkModel.params(),
                "weights after training on " + partitions + " partitions, batch size " + batchSize);
            rdd.unpersist();
        }
    }

    /**
     * Local rounds ({@code sync-every} 3, Adam, dropout): the
     * Spark trainer's tasks take the local steps the single-JVM trainer takes and the driver averages them
     * in the same order, so the weights are the same bits, with one partition per task slot or several;
     * a rerun repeats them.
     */
    @ParameterizedTest(name = "{0} partitions over 2 slots")
    @ValueSource(ints = {2, 5})
    void localRoundsOnSparkAreTheLocalTrainersBitForBit(int partitions) {
        JavaRDD<DataBlock> rdd = SharedSpark.jsc().parallelize(blocks(240, 6), partitions).cache();
        List<List<DataBlock>> local = SparkData.collectPartitions(rdd);
        for (Precision precision : Precision.values()) {
            TrainConfig cfg = config(32).toBuilder().optimizer(OptimizerKind.ADAM).learningRate(0.01).dropout(0.2)
                .epochs(2).syncEvery(3).precision(precision).build();
            MlpModel spark = new SparkTrainer(cfg).fit(rdd, FEATURES);
            MlpModel single = LocalTrainer.fit(cfg, FEATURES, local, SharedSpark.jsc().defaultParallelism());
            assertArrayEquals(single.params(), spark.params(), precision + " weights after local rounds");
            assertArrayEquals(spark.params(), new SparkTrainer(cfg).fit(rdd, FEATURES).params(), "a rerun");
            MlpModel sync = new SparkTrainer(cfg.toBuilder().syncEvery(1).build()).fit(rdd, FEATURES);
            assertTrue(!java.util.Arrays.equals(sync.params(), spark.params()), "rounds are not synchronous steps");
        }
        rdd.unpersist();
    }

    @Test
    void theModelsMetadataNamesTheAggregationDepthTheRunUsed() {
        JavaRDD<DataBlock> rdd = SharedSpark.jsc().parallelize(blocks(60, 3), 4).cache();
        TrainConfig cfg = config(0);
        assertEquals("auto (1)", new SparkTrainer(cfg).fit(rdd, FEATURES).training().get("aggregationDepth"),
            "auto sends two tasks' sums to the driver directly");
        assertEquals(2, new SparkTrainer(cfg.toBuilder().aggregationDepth(2).build()).fit(rdd, FEATURES).training()
            .get("aggregationDepth"));
        assertEquals("auto", LocalTrainer.fit(cfg, FEATURES, SparkData.collectPartitions(rdd), 2).training()
            .get("aggregationDepth"));
        rdd.unpersist();
    }

    @Test
    void sameSeedSameDataSamePartitioningGivesBitIdenticalModels() {
        JavaRDD<DataBlock> rdd = SharedSpark.jsc().parallelize(blocks(300, 7), 8).cache();
        TrainConfig cfg = config(40).toBuilder().aggregationDepth(2).optimizer(OptimizerKind.ADAM).build();
        MlpModel first = new SparkTrainer(cfg).fit(rdd, FEATURES);
        MlpModel second = new SparkTrainer(cfg).fit(rdd, FEATURES);
        assertArrayEquals(first.params(), second.params(), "bit-identical weights");
        MlpModel otherSeed = new SparkTrainer(cfg.toBuilder().seed(18).build()).fit(rdd, FEATURES);
        assertTrue(!java.util.Arrays.equals(first.params(), otherSeed.params()), "the seed must matter");
        rdd.unpersist();
    }
}
