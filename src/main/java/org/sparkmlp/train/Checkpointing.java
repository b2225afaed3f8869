package org.sparkmlp.train;

import java.io.Serializable;
import org.sparkmlp.math.Checks;

/**
 * Where and how often a run writes checkpoints, and whether it continues from the newest one.
 *
 * @param dir    a Hadoop file-system path ({@code file://}, {@code hdfs://}, {@code s3a://}...); null for none
 * @param every  iterations between checkpoints; 0 means once per epoch
 * @param keep   how many of the newest checkpoints are kept
 * @param resume continue from the newest valid checkpoint in {@code dir}, if there is one
 */
public record Checkpointing(String dir, int every, int keep, boolean resume) implements Serializable {
    /** No checkpoints, with the other settings at their defaults. */
    public static final Checkpointing NONE = new Checkpointing(null, Settings.CHECKPOINT_EVERY.defaultValue(),
        Settings.KEEP_CHECKPOINTS.defaultValue(), false);

    public Checkpointing {
        Checks.arg(every >= 0, "checkpoint interval must be a positive number of iterations (or 0 for once per "
            + "epoch), got %s", every);
        Checks.arg(keep >= 1, "checkpoints to keep must be at least 1, got %s", keep);
        Checks.arg(!resume || dir != null, "`resume` needs a `checkpoint-dir`");
        Checks.arg(dir == null || !dir.isBlank(), "the checkpoint directory must not be blank");
    }

    public boolean enabled() {
        return dir != null;
    }
}
