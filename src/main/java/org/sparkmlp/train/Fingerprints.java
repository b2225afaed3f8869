package org.sparkmlp.train;

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

    /** Settings that change nothing training computes, or that a resumed run may change. */
    private static final java.util.Set<Setting<?>> LEFT_OUT = java.util.Set.of(Settings.EPOCHS, Settings.CACHE,
        Settings.CHECKPOINT_DIR, Settings.CHECKPOINT_EVERY, Settings.KEEP_CHECKPOINTS, Settings.RESUME);

    /**
     * Every setting that changes what training computes. The epoch count is left out, so a run can be
     * resumed with more epochs; checkpoint and cache settings are left out, since they change nothing computed.
     * Only the settings that differ from their defaults enter it, by name, so a setting added to a later
     * version, left at its default, does not change the fingerprint of a checkpoint written before it.
     */
    public static String config(TrainConfig cfg) {
        return sha256(configText(cfg));
    }

    /** What {@link #config} digests: {@code name=value;} for every setting it counts that is not at its default. */
    static String configText(TrainConfig cfg) {
        StringBuilder sb = new StringBuilder();
        for (Setting<?> s : Settings.ALL) {
            Object v = cfg.value(s);
            if (!LEFT_OUT.contains(s) && !Objects.equals(v, cfg.defaultOf(s))) {
                sb.append(s.name()).append('=').append(Setting.text(v)).append(';');
            }
        }
        return sb.toString();
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
