package org.sparkmlp.spark;

import org.apache.spark.util.AccumulatorV2;
import org.sparkmlp.data.InvalidRowCounts;
import org.sparkmlp.data.InvalidRowException;

/**
 * Counts the rows dropped with {@code --on-invalid-rows skip}, by problem, across executors. The rows are
 * counted while the blocks are built; since the blocks are cached, that happens once unless a lost block
 * has to be rebuilt, so the count is exact in the normal case and never too low.
 */
final class InvalidRows extends AccumulatorV2<InvalidRowException, InvalidRowCounts> {
    private InvalidRowCounts counts = new InvalidRowCounts();

    @Override
    public boolean isZero() {
        return counts.isEmpty();
    }

    @Override
    public AccumulatorV2<InvalidRowException, InvalidRowCounts> copy() {
        InvalidRows c = new InvalidRows();
        c.counts = counts.copy();
        return c;
    }

    @Override
    public void reset() {
        counts = new InvalidRowCounts();
    }

    @Override
    public void add(InvalidRowException e) {
        counts.add(e);
    }

    @Override
    public void merge(AccumulatorV2<InvalidRowException, InvalidRowCounts> other) {
        counts.merge(other.value());
    }

    @Override
    public InvalidRowCounts value() {
        return counts;
    }
}
