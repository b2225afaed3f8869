package org.sparkmlp.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.sparkmlp.data.DataBlock;
import org.sparkmlp.data.ValidationSplit;
import org.sparkmlp.optim.OptimizerKind;
import org.sparkmlp.spark.DatasetBlocks;
import org.sparkmlp.spark.SparkData;
import org.sparkmlp.spark.SparkTrainer;
import org.sparkmlp.train.CacheLevel;
import org.sparkmlp.train.TrainConfig;

/**
 * A wide sparse input, as hashed text or hashed categories give it: {@code rows} rows of a SparseVector
 * column with a fixed share of stored values, a label from a hidden sparse linear rule. spark-mlp reads it
 * as sparse rows and as the same rows densified ({@code --sparse-width 0}), where the dense cache fits,
 * and MLlib's MLPC (which stacks every row dense) beside them: cached bytes and seconds per full-batch
 * iteration of a {@code width}-16-2 network.
 */
final class Sparse extends Benchmark {
    private static final double DENSITY = 0.005;

    Sparse(Context c) {
        super(c);
    }

    void run(int rows) {
        line("## Wide sparse input: hashed features at %.1f%% density, %d rows, network width-16-2", 100 * DENSITY,
            rows);
        line("");
        line("| width | stored values a row | reading | spark-mlp cached (MB) | seconds per iteration, median [min, max] "
            + "| MLlib cached (MB) | MLlib seconds per iteration | dense / sparse seconds | dense / sparse bytes |");
        line("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        for (int width : new int[] {1 << 14, 1 << 18}) {
            Dataset<Row> df = generate(rows, width).cache();
            df.count();
            int stored = (int) Math.round(width * DENSITY);
            double[] sparse = ours(df, width, TrainConfig.builder().build().sparseWidth());
            if (width <= 1 << 14) {
                double[] dense = ours(df, width, 0);
                double[] mllib = mllib(df, width);
                line("| 2^%d | %d | sparse rows | %.1f | %.4f [%.4f, %.4f] | | | | |", log2(width), stored,
                    sparse[0] / 1e6, sparse[1], sparse[2], sparse[3]);
                line("| 2^%d | %d | dense (`--sparse-width 0`) | %.1f | %.4f [%.4f, %.4f] | %.1f | %.4f | **%.1f** | "
                    + "**%.1f** |", log2(width), stored, dense[0] / 1e6, dense[1], dense[2], dense[3], mllib[0] / 1e6,
                    mllib[1], dense[1] / sparse[1], dense[0] / sparse[0]);
            } else {
                line("| 2^%d | %d | sparse rows | %.1f | %.4f [%.4f, %.4f] | dense rows would take %.1f GB | | | |",
                    log2(width), stored, sparse[0] / 1e6, sparse[1], sparse[2], sparse[3], 4.0 * rows * width / 1e9);
            }
            df.unpersist(true);
        }
        line("");
    }

    private static int log2(int v) {
        return Integer.numberOfTrailingZeros(v);
    }

    /** Cached bytes and the median, min and max seconds per full-batch iteration of spark-mlp. */
    private double[] ours(Dataset<Row> df, int width, int sparseWidth) {
        DatasetBlocks.Result read = DatasetBlocks.read(df, List.of("label"), List.of("features"), null, 512,
            partitions, CacheLevel.MEMORY_AND_DISK, "the input", ANY_LABEL, ValidationSplit.NONE, sparseWidth);
        JavaRDD<DataBlock> blocks = read.blocks();
        SparkData.summarize(blocks, width, 1);
        long bytes = cachedBytes(i -> i.id() == blocks.id());
        TrainConfig cfg = TrainConfig.builder().layers(width, 16, 2).activation("sigmoid").optimizer(OptimizerKind.SGD)
            .momentum(0).learningRate(0.03).epochs(warmup + iterations + 1).batchSize(0).sparseWidth(sparseWidth)
            .build();
        int mark = recorder.mark();
        new SparkTrainer(cfg).fit(blocks, read.features());
        double[] t = tail(recorder.gaps(mark, ours()), iterations);
        blocks.unpersist(true);
        return new double[] {bytes, median(t), min(t), max(t)};
    }

    /** MLlib's cached bytes and median seconds per iteration with the gd solver. */
    private double[] mllib(Dataset<Row> df, int width) {
        MultilayerPerceptronClassifier mlpc = new MultilayerPerceptronClassifier().setLayers(new int[] {width, 16, 2})
            .setSolver("gd").setMaxIter(warmup + iterations + 1).setStepSize(0.03).setTol(0).setSeed(1);
        recorder.sampleCachedBytesOn(mllib(), () -> cachedBytes(i -> i.id() != df.rdd().id()));
        int mark = recorder.mark();
        mlpc.fit(df);
        double[] t = tail(recorder.gaps(mark, mllib()), iterations);
        long bytes = recorder.sampledBytes();
        recorder.sampleCachedBytesOn(null, null);
        return new double[] {bytes, median(t)};
    }

    /**
     * Rows of {@code width}-wide sparse vectors, about {@link #DENSITY} of their values stored (counts from 1
     * to 3), each row from its own seed; the label is 1 where a hidden sparse weight vector scores the row
     * above its median.
     */
    private Dataset<Row> generate(int rows, int width) {
        int stored = (int) Math.round(width * DENSITY);
        double[] hidden = new SplittableRandom(11).doubles(width, -1, 1).toArray();
        List<Integer> seeds = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            seeds.add(i);
        }
        JavaRDD<Row> data = jsc.parallelize(seeds, partitions).map(i -> {
            SplittableRandom rng = new SplittableRandom(1000003L * i + width);
            TreeMap<Integer, Double> row = new TreeMap<>();
            while (row.size() < stored) {
                row.put(rng.nextInt(width), 1.0 + rng.nextInt(3));
            }
            int[] idx = row.keySet().stream().mapToInt(Integer::intValue).toArray();
            double[] val = row.values().stream().mapToDouble(Double::doubleValue).toArray();
            double score = 0;
            for (int k = 0; k < idx.length; k++) {
                score += hidden[idx[k]] * val[k];
            }
            return RowFactory.create(Vectors.sparse(width, idx, val), score > 0 ? 1.0 : 0.0);
        });
        StructType schema = new StructType(new StructField[] {
            new StructField("features", new VectorUDT(), false, Metadata.empty()),
            new StructField("label", DataTypes.DoubleType, false, Metadata.empty())});
        return spark.createDataFrame(data, schema);
    }
}
