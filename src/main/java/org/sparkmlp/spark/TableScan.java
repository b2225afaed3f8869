package org.sparkmlp.spark;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * The columns of one input that its passes read (the profile of its columns, then the caching pass), selected
 * in the input's own column order, so that a scan's rows or batches come as they are, and with each selection's
 * columnar scan planned once for all the passes over it: planning a scan of a wide table takes a large part of
 * a second.
 */
final class TableScan {
    private final Dataset<Row> df;
    private final List<String> names;
    private final boolean distinct;
    private final Map<List<String>, Optional<RDD<ColumnarBatch>>> planned = new HashMap<>();

    TableScan(Dataset<Row> df) {
        this.df = df;
        this.names = List.of(df.columns());
        this.distinct = new java.util.HashSet<>(names).size() == names.size();
    }

    /** {@link #read(List, Collection, List, String)} of the input's columns. */
    List<String> read(Collection<String> features, List<String> labels, String weight) {
        return read(names, features, labels, weight);
    }

    /**
     * The columns of {@code columns} (a schema's names, in order) that a pass over {@code features}, the
     * {@code labels} and the {@code weight} (null for none) reads, in that order.
     */
    static List<String> read(List<String> columns, Collection<String> features, List<String> labels,
                             String weight) {
        java.util.Set<String> wanted = new java.util.HashSet<>(features);
        wanted.addAll(labels);
        if (weight != null) {
            wanted.add(weight);
        }
        return columns.stream().filter(wanted::contains).toList();
    }

    /** The input's column {@code name}. */
    org.apache.spark.sql.types.StructField field(String name) {
        return df.schema().apply(name);
    }

    org.apache.spark.SparkContext sparkContext() {
        return df.sparkSession().sparkContext();
    }

    /**
     * The columns {@code selected} (in the input's order): a pruning that the optimizer drops when every column
     * is read, and then the input itself, with no projection to analyse, unless two of its columns share a name,
     * which Spark refuses to select as ambiguous.
     */
    Dataset<Row> select(List<String> selected) {
        return selected.equals(names) && distinct ? df
            : df.select(selected.stream().map(InputColumns::column).toArray(Column[]::new));
    }

    /**
     * The columnar batches of {@link #select}{@code (selected)}, column {@code j} of a batch being
     * {@code selected.get(j)}, when the input is a scan that produces them (Parquet, ORC); otherwise null.
     * Planned as {@link DatasetBlocks#columnarScan} plans it, once.
     */
    RDD<ColumnarBatch> batches(List<String> selected) {
        return planned.computeIfAbsent(List.copyOf(selected),
            s -> Optional.ofNullable(DatasetBlocks.columnarScan(select(s), s.size()))).orElse(null);
    }
}
