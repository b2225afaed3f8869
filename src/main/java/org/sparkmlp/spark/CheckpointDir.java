package org.sparkmlp.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.sparkmlp.train.Checkpoint;
import org.sparkmlp.train.TrainingLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A directory of checkpoints on any Hadoop file system ({@code file://}, {@code hdfs://}, {@code s3a://}):
 * {@code checkpoint-<iteration>.bin}, each written under a temporary name, synced and renamed into place,
 * so a reader never sees a partial one under its final name; only the newest {@code keep} are kept.
 */
public final class CheckpointDir implements TrainingLoop.CheckpointStore {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointDir.class);
    private static final Pattern NAME = Pattern.compile("checkpoint-(\\d{10})\\.bin");

    private final Path dir;
    private final FileSystem fs;
    private final int keep;

    /** The newest checkpoint that could be read, and the newer files that could not, with the reason. */
    public record Newest(Checkpoint checkpoint, String path, List<String> skipped) {
    }

    public CheckpointDir(String dir, Configuration conf, int keep) {
        try {
            this.dir = new Path(dir);
            this.fs = this.dir.getFileSystem(conf);
            this.keep = keep;
        } catch (IOException e) {
            throw new UncheckedIOException("checkpoint directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The checkpoint files in the directory, newest first. */
    public List<Path> list() {
        try {
            if (!fs.exists(dir)) {
                return List.of();
            }
            List<Path> out = new ArrayList<>();
            for (FileStatus s : fs.listStatus(dir)) {
                if (s.isFile() && NAME.matcher(s.getPath().getName()).matches()) {
                    out.add(s.getPath());
                }
            }
            out.sort(Comparator.comparing(Path::getName).reversed());
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("checkpoint directory " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void save(Checkpoint checkpoint) {
        Path target = new Path(dir, String.format("checkpoint-%010d.bin", checkpoint.iteration()));
        Path tmp = new Path(dir, "." + target.getName() + ".tmp-" + UUID.randomUUID());
        try {
            fs.mkdirs(dir);
            try (FSDataOutputStream out = fs.create(tmp, false)) {
                out.write(checkpoint.toBytes());
                out.hsync();
            }
            if (fs.exists(target)) {
                fs.delete(target, false);
            }
            if (!fs.rename(tmp, target)) {
                throw new IOException("could not rename " + tmp + " to " + target);
            }
            LOG.info("wrote checkpoint {}", target);
            List<Path> all = list();
            for (Path old : all.subList(Math.min(keep, all.size()), all.size())) {
                fs.delete(old, false);
            }
            for (FileStatus s : fs.listStatus(dir)) {
                String name = s.getPath().getName();
                if (name.startsWith(".checkpoint-") && name.contains(".tmp-") && !s.getPath().equals(tmp)) {
                    fs.delete(s.getPath(), false);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing checkpoint " + target + ": " + e.getMessage(), e);
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
        for (Path p : list()) {
            Checkpoint c;
            try {
                c = Checkpoint.fromBytes(read(p));
            } catch (IOException e) {
                String why = p + " (" + e.getMessage() + ")";
                LOG.warn("skipping checkpoint {}; trying the one before it", why);
                skipped.add(why);
                continue;
            }
            Matcher m = NAME.matcher(p.getName());
            if (!m.matches() || Long.parseLong(m.group(1)) != c.iteration()) {
                skipped.add(p + " (its name does not match its iteration " + c.iteration() + ")");
                continue;
            }
            if (!c.configHash().equals(configHash)) {
                throw new IllegalArgumentException("checkpoint " + p + " was written with another training "
                    + "configuration (fingerprint " + c.configHash() + ", this run's is " + configHash + "); resume "
                    + "with the options it was started with, or use a new --checkpoint-dir");
            }
            if (!c.dataHash().equals(dataHash)) {
                throw new IllegalArgumentException("checkpoint " + p + " was written for other data (fingerprint "
                    + c.dataHash() + ", this run's is " + dataHash + "; the columns, row count, statistics or "
                    + "partition count differ); resume on the same data and partitions, or use a new --checkpoint-dir");
            }
            return new Newest(c, p.toString(), skipped);
        }
        return new Newest(null, null, skipped);
    }

    private byte[] read(Path p) throws IOException {
        long len = fs.getFileStatus(p).getLen();
        if (len > Integer.MAX_VALUE - 16) {
            throw new IOException("too large for a checkpoint: " + len + " bytes");
        }
        byte[] bytes = new byte[(int) len];
        try (FSDataInputStream in = fs.open(p)) {
            in.readFully(0, bytes);
        }
        return bytes;
    }

    @Override
    public String toString() {
        return dir + " (keeping " + keep + ")";
    }

    static String describe(List<Path> paths) {
        return Arrays.toString(paths.stream().map(Path::getName).toArray());
    }
}
