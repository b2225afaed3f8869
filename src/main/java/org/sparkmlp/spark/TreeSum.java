package org.sparkmlp.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.Partition;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.PartitionCoalescer;
import org.apache.spark.rdd.PartitionGroup;
import org.apache.spark.rdd.RDD;
import org.sparkmlp.data.DataBlock;
import org.sparkmlp.math.Checks;
import org.sparkmlp.train.GradientSum;
import org.sparkmlp.train.PartitionGradient;
import org.sparkmlp.train.PartitionGroups;
import scala.Tuple2;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * Sums an iteration's gradient over the cached partitions, always in the same order.
 *
 * <p>The partitions are read by a fixed number of tasks ({@link PartitionGroups}): each task runs the rows
 * of its consecutive partitions through one pass of the network, so an iteration costs as many tasks as
 * the cluster has slots, however many partitions the blocks are cached in.
 *
 * <p>{@code treeAggregate} combines results in the order tasks happen to finish, and floating-point
 * addition is not associative, so two runs on the same data can differ in the last bits, and a retried
 * task can change the model. Here the tasks' sums reach the driver either directly, added by the job's
 * result handler in task order as they arrive, or through a tree ({@code depth} > 1) whose levels group
 * {@code scale} neighbours and add them sorted by index: the result depends only on the data, the
 * partitioning and the grouping.
 *
 * <p>The direct path is one {@code SparkContext.runJob} with a named function rather than a lambda wrapped
 * by the Java RDD API, whose closure cleaning (reading Spark's class files with ASM) would otherwise cost
 * about 10 ms per iteration.
 */
final class TreeSum {
    private TreeSum() {}

    /** The gradient sum of one task's partitions, or null if they have nothing to contribute. */
    interface PartitionSum extends Serializable {
        GradientSum compute(List<PartitionGradient.Part> parts);
    }

    /** Each task's input: its partitions' indices and blocks, in partition order. */
    record Tasks(JavaRDD<Tuple2<Integer, List<DataBlock>>> rdd, PartitionGroups groups) {
    }

    /**
     * The cached {@code blocks} as an iteration's tasks read them: grouped as {@code groups} says, each group
     * preferring the executor that caches most of its partitions. Built once per run.
     */
    static Tasks tasks(JavaRDD<DataBlock> blocks, PartitionGroups groups) {
        JavaRDD<Tuple2<Integer, List<DataBlock>>> each = blocks.mapPartitionsWithIndex((i, it) -> {
            List<DataBlock> list = new ArrayList<>();
            it.forEachRemaining(list::add);
            return List.of(new Tuple2<>(i, list)).iterator();
        }, true);
        if (groups.oneEach()) {
            return new Tasks(each, groups);
        }
        RDD<Tuple2<Integer, List<DataBlock>>> grouped = each.rdd().coalesce(groups.groups(), false,
            scala.Option.apply(new Grouping(groups)), null);
        return new Tasks(grouped.toJavaRDD(), groups);
    }

    /**
     * The iteration's sum, accumulated on the driver into {@code buffer} (one gradient long, overwritten),
     * which the driver may keep from one iteration to the next.
     */
    static GradientSum sum(Tasks tasks, PartitionSum fn, int depth, double[] buffer) {
        Task task = new Task(fn);
        if (depth <= 1) {
            RDD<Tuple2<Integer, List<DataBlock>>> rdd = tasks.rdd().rdd();
            InOrder total = new InOrder(rdd.getNumPartitions(), buffer);
            rdd.context().runJob(rdd, task, total, ClassTag$.MODULE$.apply(GradientSum.class));
            return total.sum();
        }
        List<GradientSum> last = tree(tasks.rdd(), task, depth, buffer.length);
        GradientSum total = GradientSum.reusing(buffer);
        last.stream().filter(s -> s != null).forEach(total::addInParallel);
        return total;
    }

    /** treeAggregate's level structure: shrink by {@code scale} while that still saves work. */
    private static List<GradientSum> tree(JavaRDD<Tuple2<Integer, List<DataBlock>>> rdd, Task task, int depth,
                                          int numParams) {
        int n = rdd.getNumPartitions();
        int scale = org.sparkmlp.train.AggregationPlan.scale(n, depth);
        JavaPairRDD<Integer, GradientSum> level = rdd.mapPartitionsWithIndex((idx, it) -> {
            GradientSum s = task.sum(it);
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

    /**
     * Adds the tasks' sums in task order while they arrive: each is added as soon as every task before it
     * has been, so the driver's sum overlaps the job instead of following it.
     */
    private static final class InOrder extends AbstractFunction2<Object, GradientSum, BoxedUnit> {
        private final GradientSum[] waiting;
        private final boolean[] arrived;
        private final GradientSum total;
        private int next;

        InOrder(int tasks, double[] buffer) {
            waiting = new GradientSum[tasks];
            arrived = new boolean[tasks];
            total = GradientSum.reusing(buffer);
        }

        @Override
        public synchronized BoxedUnit apply(Object task, GradientSum s) {
            int t = (Integer) task;
            waiting[t] = s;
            arrived[t] = true;
            for (; next < arrived.length && arrived[next]; next++) {
                if (waiting[next] != null) {
                    total.add(waiting[next]);
                    waiting[next] = null;
                }
            }
            return BoxedUnit.UNIT;
        }

        synchronized GradientSum sum() {
            Checks.state(next == arrived.length, "%s of %s tasks' sums arrived", next, arrived.length);
            return total;
        }
    }

    /** One task: the sum of its partitions, in partition order. */
    private static final class Task extends AbstractFunction2<TaskContext,
        scala.collection.Iterator<Tuple2<Integer, List<DataBlock>>>, GradientSum> implements Serializable {
        private final PartitionSum fn;

        Task(PartitionSum fn) {
            this.fn = fn;
        }

        @Override
        public GradientSum apply(TaskContext context, scala.collection.Iterator<Tuple2<Integer, List<DataBlock>>> it) {
            return sum(scala.jdk.javaapi.CollectionConverters.asJava(it));
        }

        GradientSum sum(java.util.Iterator<Tuple2<Integer, List<DataBlock>>> it) {
            List<PartitionGradient.Part> parts = new ArrayList<>();
            it.forEachRemaining(p -> parts.add(new PartitionGradient.Part(p._1(), p._2())));
            return fn.compute(parts);
        }
    }

    /**
     * Puts the consecutive partitions of each group of {@link PartitionGroups} into one task, preferring the
     * executor that caches most of them. Locality only chooses where a task runs, never what it adds.
     */
    private static final class Grouping implements PartitionCoalescer, Serializable {
        private final PartitionGroups groups;

        Grouping(PartitionGroups groups) {
            this.groups = groups;
        }

        @Override
        public PartitionGroup[] coalesce(int maxPartitions, RDD<?> parent) {
            Partition[] parts = parent.partitions();
            Checks.state(parts.length == groups.partitions(), "the grouping is for %s partitions, the blocks have %s",
                groups.partitions(), parts.length);
            PartitionGroup[] out = new PartitionGroup[groups.groups()];
            for (int g = 0; g < out.length; g++) {
                Map<String, Integer> where = new HashMap<>();
                for (int p = groups.first(g); p < groups.end(g); p++) {
                    scala.jdk.javaapi.CollectionConverters.asJava(parent.context().getPreferredLocs(parent, p))
                        .forEach(loc -> where.merge(loc.toString(), 1, Integer::sum));
                }
                String best = where.entrySet().stream().max(Map.Entry.<String, Integer>comparingByValue()
                    .thenComparing(Map.Entry.comparingByKey())).map(Map.Entry::getKey).orElse(null);
                out[g] = new PartitionGroup(scala.Option.apply(best));
                for (int p = groups.first(g); p < groups.end(g); p++) {
                    out[g].partitions().addOne(parts[p]);
                }
            }
            return out;
        }
    }
}
