package org.sparkmlp.spark;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.sparkmlp.data.BlockBuilder;
import org.sparkmlp.data.DataBlock;
import org.sparkmlp.data.InvalidRowException;
import org.sparkmlp.data.OnInvalidRows;
import org.sparkmlp.data.ValidationSplit;
import scala.Tuple2;

/**
 * The one way from an input partition's rows to {@link DataBlock}s, whatever reads the rows (CSV text,
 * a Dataset's rows or columnar batches): each row is read and checked into the next row of its block
 * (a training block, or a validation one when the split holds it out), and each block is handed on as
 * soon as it is full, keyed by (partition, block index) for {@link BlockPlacement}, so that a partition
 * never has to fit in memory whole. A bad row fails the task with its location, or is counted and left
 * out.
 */
final class RowBlocks {
    private RowBlocks() {}

    /** One input partition's rows, read one at a time. */
    interface Rows {
        /** Moves to the next row; false at the end. */
        boolean advance();

        /** The current row's place in the partition, by which the validation split holds rows out. */
        long index();

        /**
         * Reads and checks the current row into the next row of {@code into}'s block, without committing it;
         * returns the row's weight (1 when unweighted).
         *
         * @throws InvalidRowException when the row cannot be used
         */
        float read(BlockBuilder into);

        /** Where the current row is, for an error: a file and line, or a source, partition and row. */
        String where();
    }

    /** The widths of the rows' blocks. */
    record Shape(int features, int labels, boolean weighted, int blockSize, boolean sparse)
        implements java.io.Serializable {

        /** The shape of dense rows. */
        Shape(int features, int labels, boolean weighted, int blockSize) {
            this(features, labels, weighted, blockSize, false);
        }
    }

    /**
     * The blocks of partition {@code partition}'s {@code rows}. An invalid row fails the task unless
     * {@code onInvalid} skips it and {@code skipped} (null when rows are not to be skipped) counts it.
     */
    static Iterator<Tuple2<Long, DataBlock>> pack(Rows rows, int partition, Shape shape, OnInvalidRows onInvalid,
                                                  InvalidRows skipped, ValidationSplit split) {
        return new Iterator<>() {
            private final BlockBuilder train = new BlockBuilder(shape.features(), shape.labels(), shape.blockSize(),
                false, shape.weighted(), shape.sparse());
            private final BlockBuilder held = new BlockBuilder(shape.features(), shape.labels(), shape.blockSize(),
                true, shape.weighted(), shape.sparse());
            private final ArrayDeque<DataBlock> ready = new ArrayDeque<>(2);
            private int emitted;
            private boolean finished;

            @Override
            public boolean hasNext() {
                while (ready.isEmpty() && !finished) {
                    if (rows.advance()) {
                        DataBlock full = add();
                        if (full != null) {
                            ready.add(full);
                        }
                    } else {
                        finished = true;
                        for (BlockBuilder b : List.of(train, held)) {
                            DataBlock last = b.finish();
                            if (last != null) {
                                ready.add(last);
                            }
                        }
                    }
                }
                return !ready.isEmpty();
            }

            @Override
            public Tuple2<Long, DataBlock> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return new Tuple2<>(BlockPlacement.key(partition, emitted++), ready.poll());
            }

            /** Reads one row into its block; returns the block if that filled it. */
            private DataBlock add() {
                BlockBuilder builder = split.holdsOut(partition, rows.index()) ? held : train;
                float weight;
                try {
                    weight = rows.read(builder);
                } catch (InvalidRowException e) {
                    InvalidRowException located = e.at(rows.where());
                    if (onInvalid == OnInvalidRows.FAIL || skipped == null) {
                        throw located;
                    }
                    skipped.add(located);
                    return null;
                }
                return builder.commitRow(weight);
            }
        };
    }
}
