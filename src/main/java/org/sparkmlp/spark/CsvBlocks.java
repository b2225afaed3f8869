package org.sparkmlp.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaNewHadoopRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.sparkmlp.data.BlockBuilder;
import org.sparkmlp.data.ColumnProfile;
import org.sparkmlp.data.CsvFields;
import org.sparkmlp.data.TableEncoding;
import org.sparkmlp.data.CsvLineParser;
import org.sparkmlp.data.DataBlock;
import org.sparkmlp.data.RowRules;
import org.sparkmlp.data.ValidationSplit;
import org.sparkmlp.train.CacheLevel;
import scala.Tuple2;

/**
 * Reads CSV text with a header row straight into cached {@link DataBlock}s: one pass over the text, no
 * schema inference, no {@code Row} objects, numbers parsed into the blocks' float arrays. Errors name the
 * file, the line and the column.
 *
 * <p>The blocks are placed by {@link BlockPlacement}: a gzip file is one input partition, however many
 * cores there are, and many small files are many; either way the blocks end up in one partition per task
 * slot, in their input order within each, the same blocks in the same places for the same input.
 */
public final class CsvBlocks {
    private CsvBlocks() {}

    /** The cached blocks, the feature columns they hold, in order, and the rows skipped as invalid. */
    public record Result(JavaRDD<DataBlock> blocks, List<String> features, InvalidRows skipped) {
    }

    /**
     * One pass over the text that profiles {@code features} (every column besides the labels and the weight
     * when empty) and the label: numbers, words and missing values, for {@link TableEncoding#learn}. Lines
     * with the wrong field count are passed over here; reading the blocks refuses or skips them.
     */
    public static TableProfiles profile(JavaSparkContext jsc, String path, List<String> labels, List<String> features,
                                   String weight) {
        CsvHeader head = CsvHeader.read(path, jsc.hadoopConfiguration());
        List<String> chosen = head.featureColumns(labels, features, weight, false);
        List<String> names = head.columns();
        int[] columns = chosen.stream().mapToInt(names::indexOf).toArray();
        int labelColumn = labels.size() == 1 ? names.indexOf(labels.get(0)) : -1;
        String header = head.line();
        int width = names.size();
        jsc.setJobDescription("spark-mlp: profile the columns of " + path);
        List<List<ColumnProfile>> parts = jsc.textFile(path).mapPartitions(lines -> {
            List<ColumnProfile> ps = new ArrayList<>();
            chosen.forEach(c -> ps.add(new ColumnProfile(c, false)));
            ps.add(new ColumnProfile(labelColumn < 0 ? "" : names.get(labelColumn), true));
            CsvFields fields = new CsvFields(width);
            while (lines.hasNext()) {
                String line = lines.next();
                if (line.isEmpty() || line.equals(header) || fields.split(line) != width) {
                    continue;
                }
                for (int j = 0; j <= columns.length; j++) {
                    int c = j < columns.length ? columns[j] : labelColumn;
                    if (c >= 0) {
                        ps.get(j).add(fields.text(c), fields.from(c), fields.to(c));
                    }
                }
            }
            return List.of(ps).iterator();
        }).collect();
        return TableProfiles.merge(parts, chosen.size(), labelColumn >= 0, path + " has a header row but no data rows");
    }

    /**
     * @param labels     the label columns: one, or a regression's outputs
     * @param features   the feature columns; empty means every column except the labels (and the weight)
     *                   whose value in the first data row is a number
     * @param weight     a sample-weight column, or null for none
     * @param partitions the number of partitions of the result; null for one per task slot
     * @param rules      what a usable row is, and whether to fail on or skip one that is not
     * @param holdOut    the rows held out as validation blocks
     * @param cache      where the blocks are kept; null to leave them unpersisted (each pass reads them
     *                   again from the shuffle files)
     */
    public static Result read(JavaSparkContext jsc, String path, List<String> labels, List<String> features,
                              String weight, int blockSize, Integer partitions, RowRules rules,
                              ValidationSplit holdOut, CacheLevel cache) {
        return read(jsc, path, labels, features, weight, blockSize, partitions, rules, holdOut, cache, null, false);
    }

    /**
     * {@link #read(JavaSparkContext, String, List, List, String, int, Integer, RowRules, ValidationSplit,
     * CacheLevel)} through {@code encoding} (null to read every feature as a number): its columns are the
     * features, and the blocks hold its inputs.
     *
     * @param imputes whether a missing feature is filled by the encoding; else the row is invalid
     */
    public static Result read(JavaSparkContext jsc, String path, List<String> labels, List<String> features,
                              String weight, int blockSize, Integer partitions, RowRules rules,
                              ValidationSplit holdOut, CacheLevel cache, TableEncoding encoding, boolean imputes) {
        CsvHeader head = CsvHeader.read(path, jsc.hadoopConfiguration());
        List<String> names = head.columns();
        List<String> chosen = encoding != null ? head.featureColumns(labels, encoding.columnNames(), weight)
            : head.featureColumns(labels, features, weight);
        List<String> columnNames = new ArrayList<>(chosen);
        columnNames.addAll(labels);
        if (weight != null) {
            columnNames.add(weight);
        }
        int[] columns = columnNames.stream().mapToInt(names::indexOf).toArray();
        boolean weighted = weight != null;
        int numLabels = labels.size();
        int width = names.size();
        String header = head.line();

        InvalidRows skipped = new InvalidRows();
        jsc.sc().register(skipped, "spark-mlp: invalid rows skipped in " + path);
        @SuppressWarnings("unchecked")
        JavaNewHadoopRDD<LongWritable, Text> text = (JavaNewHadoopRDD<LongWritable, Text>) jsc.newAPIHadoopFile(
            path, TextInputFormat.class, LongWritable.class, Text.class, jsc.hadoopConfiguration());
        int inputs = encoding == null ? chosen.size() : encoding.width();
        RowBlocks.Shape shape = new RowBlocks.Shape(inputs, numLabels, weighted, blockSize);
        JavaRDD<Tuple2<Long, DataBlock>> packed = text.mapPartitionsWithInputSplit((split, it) ->
            RowBlocks.pack(new Lines(it, (FileSplit) split, header,
                new CsvLineParser(width, columns, columnNames, rules, numLabels, weighted, encoding, imputes)),
                TaskContext.getPartitionId(), shape, rules.onInvalid(), skipped, holdOut), true);
        JavaRDD<DataBlock> blocks = BlockPlacement.spread(packed, BlockPlacement.partitions(jsc.sc(), partitions));
        if (cache != null) {
            blocks.persist(BlockPlacement.storageLevel(cache));
        }
        return new Result(blocks, encoding == null ? List.copyOf(chosen) : encoding.inputNames(), skipped);
    }

    /** The lines of one input split, the header and empty lines passed over, parsed by {@link CsvLineParser}. */
    private static final class Lines implements RowBlocks.Rows {
        private final Iterator<Tuple2<LongWritable, Text>> lines;
        private final String header;
        private final CsvLineParser parser;
        private final LineNumbers lineNumbers;
        private long lineInSplit;
        private String line;

        Lines(Iterator<Tuple2<LongWritable, Text>> lines, FileSplit split, String header, CsvLineParser parser) {
            this.lines = lines;
            this.header = header;
            this.parser = parser;
            this.lineNumbers = new LineNumbers(split);
        }

        @Override
        public boolean advance() {
            while (lines.hasNext()) {
                line = lines.next()._2().toString();
                lineInSplit++;
                if (!line.isEmpty() && !line.equals(header)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public long index() {
            return lineInSplit;
        }

        @Override
        public float read(BlockBuilder into) {
            parser.parse(line, into.featureArray(), into.nextOffset(), into.labelArray(), into.nextLabelOffset());
            return parser.weight();
        }

        @Override
        public String where() {
            return lineNumbers.describe(lineInSplit);
        }
    }

    /**
     * Names lines by file and line number. A split that starts inside a file (a large uncompressed file
     * read in parallel) counts the lines before it only when it has to name one: errors are rare, and
     * counting them up front would read the file twice.
     */
    private static final class LineNumbers {
        private final String path;
        private final long splitStart;
        private long linesBefore = -1;

        LineNumbers(FileSplit split) {
            this.path = split.getPath().toString();
            this.splitStart = split.getStart();
        }

        String describe(long lineInSplit) {
            if (splitStart == 0) {
                return path + ": line " + lineInSplit;
            }
            if (linesBefore < 0) {
                linesBefore = countLines(path, splitStart);
            }
            return linesBefore >= 0 ? path + ": line " + (linesBefore + lineInSplit)
                : path + ": line " + lineInSplit + " counted from byte " + splitStart;
        }

        /**
         * The number of lines before a split's first line: the newlines in the file's first {@code bytes}
         * bytes, plus the line Hadoop's reader skips at the start of every split but the first (the
         * previous split reads it). Returns -1 when the file cannot be read from here.
         */
        private static long countLines(String file, long bytes) {
            org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(file);
            try (java.io.InputStream in = p.getFileSystem(new org.apache.hadoop.conf.Configuration()).open(p)) {
                byte[] buf = new byte[1 << 16];
                long left = bytes;
                long count = 0;
                while (left > 0) {
                    int r = in.read(buf, 0, (int) Math.min(buf.length, left));
                    if (r < 0) {
                        break;
                    }
                    for (int i = 0; i < r; i++) {
                        if (buf[i] == '\n') {
                            count++;
                        }
                    }
                    left -= r;
                }
                return count + 1;
            } catch (java.io.IOException | RuntimeException e) {
                return -1;
            }
        }
    }
}
