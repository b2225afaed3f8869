package org.sparkmlp.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.spark.Partitioner;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaNewHadoopRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.sparkmlp.data.BlockBuilder;
import org.sparkmlp.data.CsvRows;
import org.sparkmlp.data.DataBlock;
import org.sparkmlp.math.Checks;
import scala.Tuple2;

/**
 * Reads CSV text with a header row straight into cached {@link DataBlock}s: one pass over the text, no
 * schema inference, no {@code Row} objects, numbers parsed into the blocks' float arrays. Errors name the
 * file, the line and the column.
 *
 * <p>The blocks are spread over the requested partitions round-robin (a gzip file is one input
 * partition, however many cores there are) and sorted back into their input order within each
 * partition, so that the same input always gives the same blocks in the same places.
 */
public final class CsvBlocks {
    private CsvBlocks() {}

    /** The cached blocks and the feature columns they hold, in order. */
    public record Result(JavaRDD<DataBlock> blocks, List<String> features) {
    }

    /**
     * @param features   the feature columns; empty means every column except the label whose value in the
     *                   first data row is a number
     * @param partitions the number of partitions of the result; null means as many as the input has,
     *                   and at least Spark's default parallelism
     */
    public static Result read(JavaSparkContext jsc, String path, String label, List<String> features, int blockSize,
                              Integer partitions) {
        @SuppressWarnings("unchecked")
        JavaNewHadoopRDD<LongWritable, Text> text = (JavaNewHadoopRDD<LongWritable, Text>) jsc.newAPIHadoopFile(
            path, TextInputFormat.class, LongWritable.class, Text.class, jsc.hadoopConfiguration());
        List<String> firstTwo = text.map(t -> t._2().toString()).take(2);
        Checks.arg(!firstTwo.isEmpty(), "%s is empty; expected a header row and data", path);
        String header = firstTwo.get(0);
        List<String> names = CsvRows.split(header);
        int labelIdx = names.indexOf(label);
        Checks.arg(labelIdx >= 0, "label column '%s' is not in %s; its columns are %s", label, path, names);
        List<String> chosen = new ArrayList<>();
        if (features.isEmpty()) {
            Checks.arg(firstTwo.size() > 1, "%s has a header row but no data", path);
            List<String> first = CsvRows.split(firstTwo.get(1));
            for (int i = 0; i < names.size(); i++) {
                if (i != labelIdx && i < first.size() && isNumber(first.get(i))) {
                    chosen.add(names.get(i));
                }
            }
            Checks.arg(!chosen.isEmpty(), "%s has no numeric columns besides the label '%s'", path, label);
        } else {
            for (String f : features) {
                Checks.arg(names.contains(f), "feature column '%s' is not in %s; its columns are %s", f, path, names);
            }
            chosen.addAll(features);
        }
        int[] columns = new int[chosen.size() + 1];
        for (int j = 0; j < chosen.size(); j++) {
            columns[j] = names.indexOf(chosen.get(j));
        }
        columns[chosen.size()] = labelIdx;
        List<String> columnNames = new ArrayList<>(chosen);
        columnNames.add(label);
        int width = names.size();
        int d = chosen.size();

        JavaRDD<Tuple2<Long, DataBlock>> packed = text.mapPartitionsWithInputSplit((split, it) ->
            parse(it, (FileSplit) split, TaskContext.getPartitionId(), header, width, columns, columnNames, d,
                blockSize), true);
        int n = partitions != null ? partitions : Math.max(text.getNumPartitions(), jsc.defaultParallelism());
        Checks.arg(n > 0, "partitions must be a positive integer, got %s", n);
        // The shuffle also ends the lineage each training iteration would otherwise carry.
        JavaRDD<DataBlock> blocks = packed.mapToPair(t -> t)
            .repartitionAndSortWithinPartitions(new RoundRobin(n))
            .values();
        blocks.persist(StorageLevel.MEMORY_AND_DISK());
        return new Result(blocks, List.copyOf(chosen));
    }

    private static boolean isNumber(String field) {
        try {
            CsvRows.parseNumber(field, 0, field.length());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * Parses one input split; keys each block by (input partition, block index). Lines are numbered from the
     * start of the file when the split starts there (a gzip file is always one split), else from the
     * split's first byte.
     */
    private static Iterator<Tuple2<Long, DataBlock>> parse(Iterator<Tuple2<LongWritable, Text>> lines, FileSplit split,
                                                           int part, String header, int width, int[] columns,
                                                           List<String> names, int d, int blockSize) {
        BlockBuilder builder = new BlockBuilder(d, blockSize);
        List<Tuple2<Long, DataBlock>> out = new ArrayList<>();
        int[] starts = new int[width + 2];
        String path = split.getPath().toString();
        long splitStart = split.getStart();
        long lineNo = 0;
        while (lines.hasNext()) {
            String line = lines.next()._2().toString();
            lineNo++;
            if (line.isEmpty() || line.equals(header)) {
                continue;
            }
            List<String> quoted = line.indexOf('"') >= 0 ? CsvRows.split(line) : null;
            int count = quoted != null ? quoted.size() : CsvRows.fieldStarts(line, starts);
            if (count != width) {
                throw new IllegalArgumentException(path + ": " + at(lineNo, splitStart) + " has "
                    + (count < 0 ? "more than " + width : count) + " fields; the header has " + width);
            }
            float[] x = builder.featureArray();
            int off = builder.nextOffset();
            float labelValue = 0;
            for (int j = 0; j <= d; j++) {
                int c = columns[j];
                double v;
                try {
                    v = quoted != null ? CsvRows.parseNumber(quoted.get(c), 0, quoted.get(c).length())
                        : CsvRows.parseNumber(line, starts[c], starts[c + 1] - 1);
                } catch (NumberFormatException e) {
                    String raw = quoted != null ? quoted.get(c) : line.substring(starts[c], starts[c + 1] - 1);
                    throw new IllegalArgumentException(path + ": " + at(lineNo, splitStart) + ", column '" + names.get(j)
                        + "': '" + raw + "' is not a number; expected a finite number");
                }
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException(path + ": " + at(lineNo, splitStart) + ", column '" + names.get(j)
                        + "': " + v + "; expected a finite number");
                }
                if (j < d) {
                    x[off + j] = (float) v;
                } else {
                    labelValue = (float) v;
                }
            }
            DataBlock full = builder.commitRow(labelValue);
            if (full != null) {
                out.add(new Tuple2<>(key(part, out.size()), full));
            }
        }
        DataBlock last = builder.finish();
        if (last != null) {
            out.add(new Tuple2<>(key(part, out.size()), last));
        }
        return out.iterator();
    }

    /** Where a line is: its line number in the file, or counted from the split's first byte. */
    private static String at(long lineNo, long splitStart) {
        return splitStart == 0 ? "line " + lineNo : "line " + lineNo + " counted from byte " + splitStart;
    }

    private static long key(int part, int block) {
        return ((long) part << 32) | block;
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
}
