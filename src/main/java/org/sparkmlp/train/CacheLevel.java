package org.sparkmlp.train;

import org.sparkmlp.math.ConfigNames;

/**
 * Where the training rows are kept between iterations. Whatever the level, the rows are read from the
 * source once: a block that is not kept in memory is read back from local disk, never recomputed from the
 * input files.
 */
public enum CacheLevel {
    /** Blocks in memory only; a block that does not fit is rebuilt from the shuffle files each time it is read. */
    MEMORY("memory"),
    /** Blocks in memory while they fit; the rest serialized to local disk (float32 arrays, a few bytes of framing). */
    MEMORY_AND_DISK("memory-and-disk"),
    /** Every block serialized on local disk, read back each iteration: for data far beyond the cluster's memory. */
    DISK("disk");

    private final String configName;

    CacheLevel(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static CacheLevel fromName(String name) {
        return ConfigNames.parse(values(), CacheLevel::configName, name, "cache level");
    }

    @Override
    public String toString() {
        return configName;
    }
}
