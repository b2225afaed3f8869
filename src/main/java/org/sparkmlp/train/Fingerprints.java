package org.sparkmlp.train;

import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.sparkmlp.data.DataSummary;

/**
 * Short SHA-256 fingerprints that tie a checkpoint to what made it: the training configuration, and the
 * data as the run saw it. Resuming with a different one of either would not continue the same run.
 */
public final class Fingerprints {
    private Fingerprints() {}

    /** What {@link #config} measures a configuration against: every setting at its default. */
    private static final TrainConfig REFERENCE = TrainConfig.builder().layers(2, 2).build();

    /**
     * Every setting that changes what training computes. The epoch count is left out, so a run can be
     * resumed with more epochs; checkpoint and cache settings are left out, since they change nothing computed.
     * Only the settings that differ from their defaults enter it, by name, so a setting added to a later
     * version, left at its default, does not change the fingerprint of a checkpoint written before it.
     */
    public static String config(TrainConfig cfg) {
        TrainConfig canonical = cfg.toBuilder().epochs(1).checkpointing(Checkpointing.NONE)
            .cache(Settings.CACHE.defaultValue()).build();
        StringBuilder sb = new StringBuilder();
        differences("", canonical, REFERENCE, sb);
        return sha256(sb.toString());
    }

    /** Appends {@code name=value;} for each component of record {@code a} that differs from {@code b}'s. */
    static void differences(String prefix, Record a, Record b, StringBuilder sb) {
        for (RecordComponent c : a.getClass().getRecordComponents()) {
            Object va = value(c, a);
            Object vb = value(c, b);
            if (va instanceof Record ra && vb instanceof Record rb) {
                differences(prefix + c.getName() + ".", ra, rb, sb);
            } else if (!Objects.equals(va, vb)) {
                sb.append(prefix).append(c.getName()).append('=').append(va).append(';');
            }
        }
    }

    private static Object value(RecordComponent c, Record r) {
        try {
            return c.getAccessor().invoke(r);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + c.getName() + " of " + r.getClass().getSimpleName(), e);
        }
    }

    /** The columns, the partition count and the summary statistics (row count, means, deviations, labels). */
    public static String data(DataSummary summary, List<String> features, List<String> labels, int partitions) {
        StringBuilder sb = new StringBuilder().append(features).append('|').append(labels).append('|')
            .append(partitions).append('|').append(summary.count()).append('|');
        for (double[] values : new double[][] {summary.mean(), summary.std(), summary.labelMean(), summary.labelStd(),
            {summary.labelMin(), summary.labelMax()}}) {
            for (double v : values) {
                sb.append(Long.toHexString(Double.doubleToRawLongBits(v))).append(',');
            }
            sb.append('|');
        }
        return sha256(sb.toString());
    }

    private static String sha256(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
