package org.sparkmlp.spark;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.sparkmlp.train.GradientSum;
import scala.Tuple2;

/**
 * Sums one {@link GradientSum} per partition through a tree of the given depth, like
 * {@code RDD.treeAggregate}, but always in the same order.
 *
 * <p>{@code treeAggregate} combines results in the order tasks happen to finish, and floating-point
 * addition is not associative, so two runs on the same data can differ in the last bits, and a retried
 * task can change the model. Here every partial sum is keyed by its partition index, each tree level
 * groups {@code scale} neighbours and adds them sorted by index, and the driver adds the last level in
 * index order: the result depends only on the data and the partitioning.
 */
final class TreeSum {
    private TreeSum() {}

    static GradientSum sum(JavaRDD<GradientSum> perPartition, int depth, int numParams) {
        int n = perPartition.getNumPartitions();
        JavaPairRDD<Integer, GradientSum> level = perPartition.mapPartitionsWithIndex((idx, it) -> {
            List<Tuple2<Integer, GradientSum>> out = new ArrayList<>(1);
            it.forEachRemaining(s -> out.add(new Tuple2<>(idx, s)));
            return out.iterator();
        }, true).mapToPair(t -> t);
        // The same level count as treeAggregate: shrink by `scale` while that still saves work.
        int scale = Math.max((int) Math.ceil(Math.pow(n, 1.0 / depth)), 2);
        while (n > scale + Math.ceil((double) n / scale)) {
            n /= scale;
            int groups = n;
            level = level.mapToPair(t -> new Tuple2<>(t._1() % groups, t))
                .groupByKey(groups)
                .mapToPair(g -> new Tuple2<>(g._1(), addInOrder(g._2(), numParams)));
        }
        List<Tuple2<Integer, GradientSum>> last = new ArrayList<>(level.collect());
        last.sort(Comparator.comparingInt(Tuple2::_1));
        GradientSum total = GradientSum.zero(numParams);
        last.forEach(t -> total.add(t._2()));
        return total;
    }

    private static GradientSum addInOrder(Iterable<Tuple2<Integer, GradientSum>> parts, int numParams) {
        List<Tuple2<Integer, GradientSum>> sorted = new ArrayList<>();
        parts.forEach(sorted::add);
        sorted.sort(Comparator.comparingInt(Tuple2::_1));
        GradientSum total = GradientSum.zero(numParams);
        sorted.forEach(t -> total.add(t._2()));
        return total;
    }
}
