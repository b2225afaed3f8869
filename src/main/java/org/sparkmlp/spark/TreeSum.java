package org.sparkmlp.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.RDD;
import org.sparkmlp.data.DataBlock;
import org.sparkmlp.train.GradientSum;
import scala.Tuple2;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;

/**
 * Sums one {@link GradientSum} per partition through a tree of the given depth, like
 * {@code RDD.treeAggregate}, but always in the same order.
 *
 * <p>{@code treeAggregate} combines results in the order tasks happen to finish, and floating-point
 * addition is not associative, so two runs on the same data can differ in the last bits, and a retried
 * task can change the model. Here every partial sum is keyed by its partition index, each tree level
 * groups {@code scale} neighbours and adds them sorted by index, and the driver adds the last level in
 * index order: the result depends only on the data and the partitioning.
 *
 * <p>When the tree would have no level below the driver (few partitions), the sums are computed by one
 * {@code SparkContext.runJob}, which returns them indexed by partition. That path hands Spark a named
 * function rather than a lambda wrapped by the Java RDD API, whose closure cleaning (reading Spark's
 * class files with ASM) would otherwise cost about 10 ms per iteration.
 */
final class TreeSum {
    private TreeSum() {}

    /** The gradient sum of one partition's blocks, or null if it has none to contribute. */
    interface PartitionSum extends Serializable {
        GradientSum compute(int partition, List<DataBlock> blocks);
    }

    static GradientSum sum(JavaRDD<DataBlock> blocks, PartitionSum fn, int depth, int numParams) {
        int n = blocks.getNumPartitions();
        int scale = Math.max((int) Math.ceil(Math.pow(n, 1.0 / depth)), 2);
        List<GradientSum> last = new ArrayList<>();
        if (n <= scale + Math.ceil((double) n / scale)) {
            RDD<DataBlock> rdd = blocks.rdd();
            Object[] perPartition = (Object[]) rdd.context().runJob(rdd, new Task(fn),
                ClassTag$.MODULE$.apply(GradientSum.class));
            for (Object s : perPartition) {
                last.add((GradientSum) s);
            }
        } else {
            last = tree(blocks, fn, n, scale, numParams);
        }
        GradientSum total = GradientSum.zero(numParams);
        last.stream().filter(s -> s != null).forEach(total::add);
        return total;
    }

    /** treeAggregate's level structure: shrink by {@code scale} while that still saves work. */
    private static List<GradientSum> tree(JavaRDD<DataBlock> blocks, PartitionSum fn, int n, int scale,
                                          int numParams) {
        JavaPairRDD<Integer, GradientSum> level = blocks.mapPartitionsWithIndex((idx, it) -> {
            List<DataBlock> list = new ArrayList<>();
            it.forEachRemaining(list::add);
            GradientSum s = fn.compute(idx, list);
            return s == null ? List.<Tuple2<Integer, GradientSum>>of().iterator() : List.of(new Tuple2<>(idx, s))
                .iterator();
        }, true).mapToPair(t -> t);
        while (n > scale + Math.ceil((double) n / scale)) {
            n /= scale;
            int groups = n;
            level = level.mapToPair(t -> new Tuple2<>(t._1() % groups, t))
                .groupByKey(groups)
                .mapToPair(g -> new Tuple2<>(g._1(), addInOrder(g._2(), numParams)));
        }
        List<Tuple2<Integer, GradientSum>> last = new ArrayList<>(level.collect());
        last.sort(Comparator.comparingInt(Tuple2::_1));
        return last.stream().map(Tuple2::_2).toList();
    }

    private static GradientSum addInOrder(Iterable<Tuple2<Integer, GradientSum>> parts, int numParams) {
        List<Tuple2<Integer, GradientSum>> sorted = new ArrayList<>();
        parts.forEach(sorted::add);
        sorted.sort(Comparator.comparingInt(Tuple2::_1));
        GradientSum total = GradientSum.zero(numParams);
        sorted.forEach(t -> total.add(t._2()));
        return total;
    }

    /** One partition's task for {@code runJob}. */
    private static final class Task extends AbstractFunction2<TaskContext, scala.collection.Iterator<DataBlock>,
        GradientSum> implements Serializable {
        private final PartitionSum fn;

        Task(PartitionSum fn) {
            this.fn = fn;
        }

        @Override
        public GradientSum apply(TaskContext context, scala.collection.Iterator<DataBlock> it) {
            List<DataBlock> list = new ArrayList<>();
            while (it.hasNext()) {
                list.add(it.next());
            }
            return fn.compute(context.partitionId(), list);
        }
    }
}
