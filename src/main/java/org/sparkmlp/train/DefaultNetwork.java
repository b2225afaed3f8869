package org.sparkmlp.train;

import java.util.List;

/**
 * The hidden layers a network gets when none are given: two, the first twice the input width rounded up
 * to a power of two, at least 64 and at most 256 units, the second half as wide (64-32 for a dozen inputs,
 * 256-128 for hundreds). The two-layer shape is that of fastai's tabular default (200, 100) and H2O Deep
 * Learning's (200, 200); scikit-learn's single layer of 100 is in the same range. Scaling with the input
 * keeps a small table's network small (a few thousand weights for a few thousand rows), and the cap keeps
 * the gradient pass of a wide table cheap; early stopping, not the width, guards against overfitting.
 */
public final class DefaultNetwork {
    /** The narrowest first hidden layer. */
    static final int MIN_WIDTH = 64;
    /** The widest first hidden layer. */
    static final int MAX_WIDTH = 256;

    private DefaultNetwork() {}

    /** The default hidden widths for {@code inputs} input features. */
    public static List<Integer> hidden(int inputs) {
        long twice = 2L * Math.max(1, inputs);
        int width = (int) Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, Long.highestOneBit(twice - 1) << 1));
        return List.of(width, width / 2);
    }
}
