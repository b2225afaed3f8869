package org.sparkmlp.spark;

import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.execution.ColumnarToRowExec;
import org.apache.spark.sql.execution.InputAdapter;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.WholeStageCodegenExec;
import org.apache.spark.sql.execution.datasources.HadoopFsRelation;
import org.apache.spark.sql.execution.datasources.LogicalRelation;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.sparkmlp.data.BlockBuilder;
import org.sparkmlp.data.DataBlock;
import org.sparkmlp.data.RowRules;
import org.sparkmlp.data.ValidationSplit;
import org.sparkmlp.train.CacheLevel;
import scala.Tuple2;

/**
 * Any {@code Dataset<Row>} (Parquet, ORC, a table, a DataFrame built in code) into cached
 * {@link DataBlock}s, in one pass that reads Spark's internal rows: primitives are copied from the row's
 * memory into the blocks' float arrays, with no {@code Row} object per record and no boxed value per
 * feature. Features may be numeric columns of any type, Spark ML vector columns (dense or sparse) and
 * arrays of numbers; see {@link InputColumn}. Every value is checked in the same pass; a bad row fails
 * the job naming the column, the row of the partition and the file, or is skipped and counted.
 *
 * <p>It reads beneath Spark's public {@code Row}, as {@link SparkScoring} and {@link TableProfiles} do: through
 * {@code queryExecution().toRdd()} and, for a columnar scan, the plan's {@code ColumnarBatch}es. A public
 * {@code Row} boxes every value, and reading MNIST's 785 Parquet columns that way takes 3.8 times as long
 * (docs/PERFORMANCE.md, "From a Dataset to cached blocks"). Where a Spark release plans a scan in
 * another shape, {@link #columnarScan} finds no batches and the internal rows are read instead.
 */
public final class DatasetBlocks {
    private DatasetBlocks() {}

    /** The cached blocks, the network's input names in order, and the rows skipped as invalid. */
    public record Result(JavaRDD<DataBlock> blocks, List<String> features, InvalidRows skipped,
                         InputColumns columns) {
    }

    /**
     * Reads {@code df} into blocks of up to {@code blockSize} rows, placed by {@link BlockPlacement} in
     * {@code partitions} partitions (null for one per task slot), persisted at {@code cache} (null: not
     * persisted, each pass reads them again from the shuffle files). Nothing is computed until the first
     * action. Rows {@code split} holds out become validation blocks.
     *
     * @param labels   the label columns: one, or a regression's outputs; any numeric type
     * @param features the feature columns; empty for every column besides the labels and the weight that
     *                 holds numbers
     * @param weight   a sample-weight column, or null for none
     * @param source   the input's name (a path or a table) for messages
     */
    public static Result read(Dataset<Row> df, List<String> labels, List<String> features, String weight,
                              int blockSize, Integer partitions, CacheLevel cache, String source, RowRules rules,
                              ValidationSplit split) {
        return read(df, labels, features, weight, blockSize, partitions, cache, source, rules, split, 0);
    }

    /**
     * {@link #read(Dataset, List, List, String, int, Integer, CacheLevel, String, RowRules, ValidationSplit)},
     * the features kept as sparse rows when they are one vector column of at least {@code sparseWidth} values
     * (0: never).
     */
    public static Result read(Dataset<Row> df, List<String> labels, List<String> features, String weight,
                              int blockSize, Integer partitions, CacheLevel cache, String source, RowRules rules,
                              ValidationSplit split, int sparseWidth) {
        return read(new TableScan(df), InputColumns.forTraining(df, labels, features, weight, source)
            .sparseFrom(sparseWidth), blockSize, partitions, cache, source, rules, split);
    }

    /** Reads {@code df} as {@link #read} read {@code like}'s input: the same features, labels and weight. */
    public static Result readLike(Dataset<Row> df, Result like, int blockSize, Integer partitions, CacheLevel cache,
                                  String source, RowRules rules, ValidationSplit split) {
        return read(new TableScan(df), like.columns().on(df.schema(), source), blockSize, partitions, cache, source,
            rules, split);
    }

    /** Reads the {@code columns} of {@code input}, whose other passes may have planned their scan already. */
    static Result read(TableScan input, InputColumns columns, int blockSize, Integer partitions,
                       CacheLevel cache, String source, RowRules rules, ValidationSplit split) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(input.sparkContext());
        int n = BlockPlacement.partitions(jsc.sc(), partitions);
        InvalidRows skipped = new InvalidRows();
        jsc.sc().register(skipped, "spark-mlp: invalid rows skipped in " + source);
        RDD<ColumnarBatch> batches = columns.allNumbers() ? input.batches(columns.selected()) : null;
        JavaRDD<Tuple2<Long, DataBlock>> packed;
        if (batches != null) {
            packed = BlockPlacement.mergeInOrder(batches, n).toJavaRDD().mapPartitionsWithIndex((p, it) ->
                RowBlocks.pack(new BatchRows(it, columns, p, source, rules), p, shape(columns, blockSize),
                    rules.onInvalid(), skipped, split), true);
        } else {
            RDD<InternalRow> rows = BlockPlacement.mergeInOrder(input.select(columns.selected()).queryExecution()
                .toRdd(), n);
            packed = rows.toJavaRDD().mapPartitionsWithIndex((p, it) ->
                RowBlocks.pack(new InternalRows(it, columns, p, source, rules), p, shape(columns, blockSize),
                    rules.onInvalid(), skipped, split), true);
        }
        JavaRDD<DataBlock> blocks = BlockPlacement.spread(packed, n);
        if (cache != null) {
            blocks.persist(BlockPlacement.storageLevel(cache));
        }
        return new Result(blocks, columns.featureNames(), skipped, columns);
    }

    /**
     * The rows of {@code df} that {@code columns} reads, as blocks of up to {@code blockSize} rows in the
     * partitions {@code df} has, neither cached nor moved: for scoring, where every row is read once.
     */
    static JavaRDD<DataBlock> scan(Dataset<Row> df, InputColumns columns, int blockSize, String source,
                                   RowRules rules) {
        RDD<InternalRow> rows = new TableScan(df).select(columns.selected()).queryExecution().toRdd();
        InvalidRows none = null;
        return rows.toJavaRDD().mapPartitionsWithIndex((p, it) ->
            RowBlocks.pack(new InternalRows(it, columns, p, source, rules), p, shape(columns, blockSize),
                rules.onInvalid(), none, ValidationSplit.NONE), true).map(Tuple2::_2);
    }

    /**
     * The columnar batches of {@code selected}, a selection of {@code width} values a row from a scan, in the
     * selection's column order, when the input is a scan that produces them (Parquet, ORC); otherwise null, and
     * the rows are read one at a time. Spark turns the batches into rows itself only up to
     * {@code spark.sql.codegen.maxFields} columns (100); the batches are read here column by column whatever
     * their number, so the plan is made with that limit above it, in a clone of the session that the scan's
     * files are bound to: the user's session, where other fits may be planning at the same time, keeps its
     * settings.
     */
    static RDD<ColumnarBatch> columnarScan(Dataset<Row> selected, int width) {
        org.apache.spark.sql.classic.SparkSession planning =
            ((org.apache.spark.sql.classic.SparkSession) selected.sparkSession()).cloneSession();
        planning.conf().set("spark.sql.codegen.maxFields", Integer.toString(Math.max(100, width + 1)));
        SparkPlan plan = org.apache.spark.sql.classic.Dataset.ofRows(planning,
            inSession(selected.queryExecution().analyzed(), planning)).queryExecution().executedPlan();
        if (plan instanceof WholeStageCodegenExec whole) {
            plan = whole.child();
        }
        if (!(plan instanceof ColumnarToRowExec toRows)) {
            return null;
        }
        plan = toRows.child();
        if (plan instanceof InputAdapter adapter) {
            plan = adapter.child();
        }
        return plan.supportsColumnar() ? plan.executeColumnar() : null;
    }

    /**
     * {@code plan} with its file relations bound to {@code session}: a file source takes its settings from
     * the session its relation was loaded in, as it plans the scan and as it makes the scan's reader, not
     * from the session that plans the query. The nodes above a relation are copied here, not by Catalyst's
     * own transforms, which keep a node whose new child equals the old one, and relations are equal
     * whatever their session.
     */
    private static LogicalPlan inSession(LogicalPlan plan, org.apache.spark.sql.SparkSession session) {
        if (plan instanceof LogicalRelation r && r.relation() instanceof HadoopFsRelation f) {
            Object[] args = new Object[r.productArity()];
            for (int i = 0; i < args.length; i++) {
                args[i] = r.productElement(i) == f ? new HadoopFsRelation(f.location(), f.partitionSchema(),
                    f.dataSchema(), f.bucketSpec(), f.fileFormat(), f.options(), session) : r.productElement(i);
            }
            return r.makeCopy(args);
        }
        Object[] args = new Object[plan.productArity()];
        boolean bound = false;
        for (int i = 0; i < args.length; i++) {
            args[i] = plan.productElement(i);
            if (args[i] instanceof LogicalPlan child) {
                args[i] = inSession(child, session);
                bound |= args[i] != child;
            }
        }
        return bound ? plan.makeCopy(args) : plan;
    }

    /**
     * One partition's rows, one at a time, read and checked by {@link InputColumns} into double arrays and from
     * there into the block's float arrays.
     */
    private abstract static class ColumnRows implements RowBlocks.Rows {
        final InputColumns columns;
        private final int partition;
        private final String source;
        private final RowRules rules;
        private final double[] x;
        private final double[] y;
        private final double[] scratch = new double[1];
        private long rowInPartition;

        ColumnRows(InputColumns columns, int partition, String source, RowRules rules) {
            this.columns = columns;
            this.partition = partition;
            this.source = source;
            this.rules = rules;
            this.x = new double[columns.numFeatures()];
            this.y = new double[columns.numLabels()];
        }

        /** Moves to the next row; false at the end. */
        abstract boolean next();

        abstract void features(double[] x);

        abstract void labels(RowRules rules, double[] y);

        abstract float weight(double[] scratch);

        @Override
        public final boolean advance() {
            if (!next()) {
                return false;
            }
            rowInPartition++;
            return true;
        }

        @Override
        public final long index() {
            return rowInPartition;
        }

        /** Reads the features, one vector column, as a sparse row into {@code into}'s row buffers. */
        abstract void sparseFeatures(BlockBuilder into);

        @Override
        public final float read(BlockBuilder into) {
            if (into.sparse()) {
                sparseFeatures(into);
                labels(rules, y);
                float w = columns.weighted() ? weight(scratch) : 1f;
                float[] labels = into.labelArray();
                int yOff = into.nextLabelOffset();
                for (int j = 0; j < y.length; j++) {
                    labels[yOff + j] = (float) y[j];
                }
                return w;
            }
            features(x);
            labels(rules, y);
            float w = columns.weighted() ? weight(scratch) : 1f;
            float[] features = into.featureArray();
            int off = into.nextOffset();
            for (int j = 0; j < x.length; j++) {
                features[off + j] = (float) x[j];
            }
            float[] labels = into.labelArray();
            int yOff = into.nextLabelOffset();
            for (int j = 0; j < y.length; j++) {
                labels[yOff + j] = (float) y[j];
            }
            return w;
        }

        @Override
        public final String where() {
            return source + ": row " + rowInPartition + " of partition " + partition + SparkData.inputFile();
        }
    }

    /** Spark's internal rows. */
    private static final class InternalRows extends ColumnRows {
        private final Iterator<InternalRow> it;
        private InternalRow row;

        InternalRows(Iterator<InternalRow> it, InputColumns columns, int partition, String source, RowRules rules) {
            super(columns, partition, source, rules);
            this.it = it;
        }

        @Override
        boolean next() {
            row = it.hasNext() ? it.next() : null;
            return row != null;
        }

        @Override
        void features(double[] x) {
            columns.readFeatures(row, x);
        }

        @Override
        void sparseFeatures(BlockBuilder into) {
            into.rowNonZeros(columns.readSparse(row, into.rowColumns(), into.rowValues()));
        }

        @Override
        void labels(RowRules rules, double[] y) {
            columns.readLabels(row, rules, y);
        }

        @Override
        float weight(double[] scratch) {
            return columns.readWeight(row, scratch);
        }
    }

    /** The rows of columnar batches, each batch read column by column into a row-major buffer first. */
    private static final class BatchRows extends ColumnRows {
        /**
         * Rows decoded at a time: a batch is read column by column into rows, and a few rows of every
         * column stay in the processor's cache where a whole batch of a wide table would not.
         */
        private static final int CHUNK = 32;
        private final Iterator<ColumnarBatch> it;
        private final double[] values;
        private final boolean[] nulls;
        private ColumnarBatch batch;
        private int batchRows;
        private int chunkStart;
        private int chunkRows;
        private int r;

        BatchRows(Iterator<ColumnarBatch> it, InputColumns columns, int partition, String source, RowRules rules) {
            super(columns, partition, source, rules);
            this.it = it;
            this.values = new double[CHUNK * columns.rowWidth()];
            this.nulls = new boolean[CHUNK * columns.rowWidth()];
        }

        @Override
        boolean next() {
            while (++r >= chunkRows) {
                int next = chunkStart + chunkRows;
                while (batch == null || next >= batchRows) {
                    if (!it.hasNext()) {
                        return false;
                    }
                    batch = it.next();
                    batchRows = batch.numRows();
                    next = 0;
                }
                chunkStart = next;
                chunkRows = Math.min(CHUNK, batchRows - next);
                columns.decode(batch, chunkStart, chunkRows, values, nulls);
                r = -1;
            }
            return true;
        }

        @Override
        void features(double[] x) {
            columns.readFeatures(values, nulls, r, x);
        }

        @Override
        void sparseFeatures(BlockBuilder into) {
            throw new IllegalStateException("columnar batches hold numbers, not the vectors of sparse rows");
        }

        @Override
        void labels(RowRules rules, double[] y) {
            columns.readLabels(values, nulls, r, rules, y);
        }

        @Override
        float weight(double[] scratch) {
            return columns.readWeight(values, nulls, r);
        }
    }

    private static RowBlocks.Shape shape(InputColumns columns, int blockSize) {
        return new RowBlocks.Shape(columns.numFeatures(), columns.numLabels(), columns.weighted(), blockSize,
            columns.sparse());
    }
}
