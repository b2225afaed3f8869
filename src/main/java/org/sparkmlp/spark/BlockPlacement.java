package org.sparkmlp.spark;

import java.io.Serializable;
import java.util.Locale;
import org.apache.spark.Partition;
import org.apache.spark.Partitioner;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.PartitionCoalescer;
import org.apache.spark.rdd.PartitionGroup;
import org.apache.spark.rdd.RDD;
import org.apache.spark.storage.RDDInfo;
import org.apache.spark.storage.StorageLevel;
import org.sparkmlp.data.DataBlock;
import org.sparkmlp.math.Checks;
import org.sparkmlp.train.CacheLevel;
import scala.Tuple2;

/**
 * Where the cached blocks live, whatever the input's partitioning: as many partitions as the cluster has
 * task slots (or as the caller asks for). Input with fewer partitions (one gzip file) is packed per input
 * partition and its blocks dealt out round-robin; input with more (many small files) is first merged into
 * that many partitions of consecutive input partitions, so that the blocks come out full. Either way the
 * placement is a function of the input's partition indices, so the same input always gives the same
 * blocks in the same places, on any cluster.
 */
public final class BlockPlacement {
    private BlockPlacement() {}

    /** The number of partitions to cache blocks in: {@code requested}, else Spark's default parallelism. */
    public static int partitions(SparkContext sc, Integer requested) {
        Checks.arg(requested == null || requested > 0, "`partitions` must be a positive integer, got %s", requested);
        return requested != null ? requested : sc.defaultParallelism();
    }

    /**
     * {@code rdd} merged into {@code n} partitions of consecutive input partitions when it has more than
     * {@code n}, without a shuffle; {@code rdd} itself otherwise. The merge ignores data locality: the
     * grouping must not depend on where the input's blocks happen to be.
     */
    static <T> RDD<T> mergeInOrder(RDD<T> rdd, int n) {
        if (rdd.getNumPartitions() <= n) {
            return rdd;
        }
        return rdd.coalesce(n, false, scala.Option.apply(new InOrder()), null);
    }

    /**
     * Blocks keyed by {@link #key} (input partition, block index) moved into {@code n} partitions:
     * block b of input partition p goes to partition (p + b) mod n, sorted by key within it. The shuffle
     * also ends the lineage that every training iteration would otherwise ship (the input's query plan).
     */
    static JavaRDD<DataBlock> spread(JavaRDD<Tuple2<Long, DataBlock>> keyed, int n) {
        return keyed.mapToPair(t -> t).repartitionAndSortWithinPartitions(new RoundRobin(n)).values();
    }

    /** The sort key of block {@code block} of input partition {@code part}. */
    static long key(int part, int block) {
        return ((long) part << 32) | block;
    }

    /** Spark's storage level for a cache level: deserialized in memory, serialized on disk. */
    public static StorageLevel storageLevel(CacheLevel level) {
        return switch (level) {
            case MEMORY -> StorageLevel.MEMORY_ONLY();
            case MEMORY_AND_DISK -> StorageLevel.MEMORY_AND_DISK();
            case DISK -> StorageLevel.DISK_ONLY();
        };
    }

    /**
     * How much of the cached {@code rdd} is in memory and on disk, against the storage memory of the
     * executors: {@code cached blocks 6.1 GB (4.0 GB in memory, 2.1 GB on local disk); storage memory
     * 4.0 GB: about 35% will be read from local disk each epoch}. Spark moves a block it reads back from
     * disk into memory when there is room, so the share on disk can shrink as training goes.
     *
     * @param ahead whether training is still to come (the report then says what it will read from disk)
     */
    public static String storageReport(JavaRDD<?> rdd, boolean ahead) {
        SparkContext sc = rdd.context();
        long memory = 0;
        long disk = 0;
        int cachedPartitions = 0;
        for (RDDInfo info : sc.getRDDStorageInfo()) {
            if (info.id() == rdd.id()) {
                memory = info.memSize();
                disk = info.diskSize();
                cachedPartitions = info.numCachedPartitions();
            }
        }
        long storage = storageMemory(sc);
        StringBuilder sb = new StringBuilder("cached blocks ").append(bytes(memory + disk));
        if (disk == 0) {
            sb.append(", all in memory");
        } else if (memory == 0) {
            sb.append(", all on local disk");
        } else {
            sb.append(" (").append(bytes(memory)).append(" in memory, ").append(bytes(disk)).append(" on local disk)");
        }
        sb.append(" in ").append(cachedPartitions).append(" of ").append(rdd.getNumPartitions())
            .append(" partitions; storage memory ").append(bytes(storage));
        if (disk > 0 && ahead) {
            sb.append(": about ").append(Math.round(100.0 * disk / (memory + disk)))
                .append("% will be read from local disk each epoch");
        }
        if (cachedPartitions < rdd.getNumPartitions()) {
            sb.append("; ").append(rdd.getNumPartitions() - cachedPartitions)
                .append(" partitions did not fit and are rebuilt from the shuffle files when read");
        }
        return sb.toString();
    }

    /** The memory the executors have for cached blocks; the driver's counts only in local mode. */
    private static long storageMemory(SparkContext sc) {
        String driver = SparkEnv.get().blockManager().blockManagerId().hostPort();
        scala.collection.Map<String, Tuple2<Object, Object>> status = sc.getExecutorMemoryStatus();
        long total = 0;
        long driverMemory = 0;
        scala.collection.Iterator<Tuple2<String, Tuple2<Object, Object>>> it = status.iterator();
        while (it.hasNext()) {
            Tuple2<String, Tuple2<Object, Object>> e = it.next();
            long max = (Long) e._2()._1();
            if (e._1().equals(driver)) {
                driverMemory = max;
            } else {
                total += max;
            }
        }
        return status.size() == 1 ? driverMemory : total;
    }

    /** {@code 6.1 GB}, {@code 180 MB}. */
    static String bytes(long n) {
        if (n >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GB", n / (double) (1L << 30));
        }
        if (n >= 1L << 20) {
            return String.format(Locale.ROOT, "%.1f MB", n / (double) (1L << 20));
        }
        return String.format(Locale.ROOT, "%.1f KB", n / 1024.0);
    }

    /** Deals blocks out round-robin: block b of input partition p goes to partition (b + p) mod n. */
    static final class RoundRobin extends Partitioner implements Serializable {
        private final int n;

        RoundRobin(int n) {
            this.n = n;
        }

        @Override
        public int numPartitions() {
            return n;
        }

        @Override
        public int getPartition(Object key) {
            long k = (Long) key;
            return (int) (((k >>> 32) + (k & 0xFFFFFFFFL)) % n);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof RoundRobin r && r.n == n;
        }

        @Override
        public int hashCode() {
            return n;
        }
    }

    /** Merges input partitions i*P/n .. (i+1)*P/n - 1 into partition i: consecutive, and the same everywhere. */
    static final class InOrder implements PartitionCoalescer, Serializable {
        @Override
        public PartitionGroup[] coalesce(int maxPartitions, RDD<?> parent) {
            Partition[] parts = parent.partitions();
            int n = Math.min(maxPartitions, parts.length);
            PartitionGroup[] groups = new PartitionGroup[n];
            for (int i = 0; i < n; i++) {
                groups[i] = new PartitionGroup(scala.Option.empty());
                int from = (int) ((long) i * parts.length / n);
                int to = (int) ((long) (i + 1) * parts.length / n);
                for (int p = from; p < to; p++) {
                    groups[i].partitions().addOne(parts[p]);
                }
            }
            return groups;
        }
    }
}
