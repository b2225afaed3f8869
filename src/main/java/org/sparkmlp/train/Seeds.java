package org.sparkmlp.train;

/**
 * Derives independent seeds from the job seed and coordinates such as (epoch, partition), so that every
 * random choice is a pure function of where it is made: a retried task draws exactly what the failed one
 * drew. The mixing is SplitMix64's finaliser, applied after each coordinate is folded in.
 */
public final class Seeds {
    private Seeds() {}

    public static long derive(long seed, long... coordinates) {
        long h = mix(seed ^ 0x9E3779B97F4A7C15L);
        for (long c : coordinates) {
            h = mix(h ^ mix(c + 0x632BE59BD9B4E019L));
        }
        return h;
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
