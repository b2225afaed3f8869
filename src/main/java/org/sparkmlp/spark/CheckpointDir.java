package org.sparkmlp.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparkmlp.io.FileDir;
import org.sparkmlp.train.Checkpoint;
import org.sparkmlp.train.TrainingLoop;

/**
 * A directory of checkpoints on any Hadoop file system ({@code file://}, {@code hdfs://}, {@code s3a://}):
 * {@code checkpoint-<iteration>.bin}, each written safely ({@link FileDir#write}), so a reader never sees
 * a partial one under its final name; only the newest {@code keep} are kept.
 */
public final class CheckpointDir implements TrainingLoop.CheckpointStore {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointDir.class);
    private static final Pattern NAME = Pattern.compile("checkpoint-(\\d{10})\\.bin");

    private final FileDir dir;
    private final int keep;

    /** The newest checkpoint that could be read, and the newer files that could not, with the reason. */
    public record Newest(Checkpoint checkpoint, String path, List<String> skipped) {
    }

    public CheckpointDir(String dir, Configuration conf, int keep) {
        try {
            this.dir = new HadoopFileDir(dir, conf);
            this.keep = keep;
        } catch (IOException e) {
            throw new UncheckedIOException("checkpoint directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The names of the checkpoint files in the directory, newest first. */
    public List<String> list() {
        try {
            return dir.list().stream().filter(n -> NAME.matcher(n).matches())
                .sorted(Comparator.reverseOrder()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("checkpoint directory " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void save(Checkpoint checkpoint) {
        String name = String.format("checkpoint-%010d.bin", checkpoint.iteration());
        try {
            dir.mkdirs();
            dir.write(name, checkpoint.toBytes());
            LOG.info("wrote checkpoint {}", dir.describe(name));
            List<String> all = list();
            for (String old : all.subList(Math.min(keep, all.size()), all.size())) {
                dir.deleteIfExists(old);
            }
            for (String n : dir.list()) {
                if (FileDir.isTemporary(n) && n.startsWith(".checkpoint-")) {
                    dir.deleteIfExists(n);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing checkpoint " + dir.describe(name) + ": " + e.getMessage(), e);
        }
    }

    /**
     * The newest checkpoint that reads back whole, skipping newer ones that are truncated or damaged;
     * null when there is none.
     *
     * @throws IllegalArgumentException when it was written with another configuration or other data
     */
    public Newest newest(String configHash, String dataHash) {
        List<String> skipped = new ArrayList<>();
        for (String name : list()) {
            String p = dir.describe(name);
            Checkpoint c;
            try {
                c = Checkpoint.fromBytes(dir.read(name));
            } catch (IOException e) {
                String why = p + " (" + e.getMessage() + ")";
                LOG.warn("skipping checkpoint {}; trying the one before it", why);
                skipped.add(why);
                continue;
            }
            Matcher m = NAME.matcher(name);
            if (!m.matches() || Long.parseLong(m.group(1)) != c.iteration()) {
                skipped.add(p + " (its name does not match its iteration " + c.iteration() + ")");
                continue;
            }
            if (!c.configHash().equals(configHash)) {
                throw new IllegalArgumentException("checkpoint " + p + " was written with another training "
                    + "configuration (fingerprint " + c.configHash() + ", this run's is " + configHash + "); resume "
                    + "with the options it was started with, or use a new `checkpoint-dir`");
            }
            if (!c.dataHash().equals(dataHash)) {
                throw new IllegalArgumentException("checkpoint " + p + " was written for other data (fingerprint "
                    + c.dataHash() + ", this run's is " + dataHash + "; the columns, row count, statistics or "
                    + "partition count differ); resume on the same data and partitions, or use a new `checkpoint-dir`");
            }
            return new Newest(c, p, skipped);
        }
        return new Newest(null, null, skipped);
    }

    @Override
    public String toString() {
        return dir + " (keeping " + keep + ")";
    }

    static String describe(List<String> names) {
        return names.toString();
    }
}
