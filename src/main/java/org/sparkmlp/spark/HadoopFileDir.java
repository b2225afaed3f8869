package org.sparkmlp.spark;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.sparkmlp.io.FileDir;
import org.sparkmlp.math.Checks;

/**
 * A directory on any Hadoop file system ({@code hdfs://}, {@code s3a://}, {@code file://}...). Files are
 * written synced ({@code hsync}); a rename over an old file is atomic where the file system's rename is
 * (HDFS, local disks; not object stores, whose rename is a copy).
 */
public final class HadoopFileDir implements FileDir {
    private final Path dir;
    private final FileSystem fs;
    private final FileContext fc;

    /**
     * The directory {@code dir}, qualified by its file system: {@code hdfs:///models/m} (no authority) and
     * {@code /models/m} (no scheme) name the directory on the default file system's NameNode, as Spark reads
     * them, and so do the paths of the files written in it.
     */
    public HadoopFileDir(String dir, Configuration conf) throws IOException {
        Path given = new Path(dir);
        this.fs = given.getFileSystem(conf);
        this.dir = fs.makeQualified(given);
        this.fc = FileContext.getFileContext(fs.getUri(), conf);
    }

    /**
     * The directory at {@code location}: on a Hadoop file system when it names a scheme
     * ({@code hdfs://nn/models/m}), on the local file system otherwise.
     */
    public static FileDir at(String location, Configuration conf) throws IOException {
        return hasScheme(location) ? new HadoopFileDir(location, conf) : FileDir.local(java.nio.file.Path.of(location));
    }

    /** An entry of a directory: a file or a directory to be written there. */
    public record Entry(FileDir dir, String name) {
    }

    /**
     * {@code location} as an entry of its parent directory, as Hadoop and Spark read a path: one without a
     * scheme is on the default file system.
     */
    public static Entry entry(String location, Configuration conf) throws IOException {
        Path p = new Path(location);
        Checks.arg(p.getParent() != null, "%s has no parent directory", location);
        return new Entry(new HadoopFileDir(p.getParent().toString(), conf), p.getName());
    }

    /**
     * A file to be written at {@code location}, as an entry of its directory: on the local file system
     * when the location has no scheme (as {@link #at} reads one), else on that Hadoop file system.
     */
    public static Entry file(String location, Configuration conf) throws IOException {
        if (hasScheme(location)) {
            return entry(location, conf);
        }
        java.nio.file.Path p = java.nio.file.Path.of(location).toAbsolutePath();
        return new Entry(FileDir.local(p.getParent()), p.getFileName().toString());
    }

    /** Whether {@code location} is a URI with a scheme rather than a local path. */
    public static boolean hasScheme(String location) {
        try {
            String scheme = new URI(location).getScheme();
            return scheme != null && scheme.length() > 1;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private Path at(String name) {
        return new Path(dir, name);
    }

    @Override
    public String describe(String name) {
        return at(name).toString();
    }

    @Override
    public boolean exists() throws IOException {
        return fs.exists(dir);
    }

    @Override
    public boolean isDirectory() throws IOException {
        return fs.exists(dir) && fs.getFileStatus(dir).isDirectory();
    }

    @Override
    public List<String> list() throws IOException {
        List<String> names = new ArrayList<>();
        if (fs.exists(dir)) {
            for (FileStatus s : fs.listStatus(dir)) {
                names.add(s.getPath().getName());
            }
        }
        names.sort(String::compareTo);
        return names;
    }

    @Override
    public boolean exists(String name) throws IOException {
        return fs.exists(at(name));
    }

    @Override
    public boolean isFile(String name) throws IOException {
        return fs.exists(at(name)) && fs.getFileStatus(at(name)).isFile();
    }

    @Override
    public byte[] read(String name) throws IOException {
        long len = fs.getFileStatus(at(name)).getLen();
        if (len > Integer.MAX_VALUE - 16) {
            throw new IOException(at(name) + " is too large: " + len + " bytes");
        }
        byte[] bytes = new byte[(int) len];
        try (FSDataInputStream in = fs.open(at(name))) {
            in.readFully(0, bytes);
        }
        return bytes;
    }

    @Override
    public void mkdirs() throws IOException {
        fs.mkdirs(dir);
    }

    @Override
    public void writeNew(String name, byte[] bytes) throws IOException {
        try (FSDataOutputStream out = fs.create(at(name), false)) {
            out.write(bytes);
            out.hsync();
        }
    }

    @Override
    public void renameReplacing(String from, String to) throws IOException {
        fc.rename(at(from), at(to), Options.Rename.OVERWRITE);
    }

    @Override
    public void deleteIfExists(String name) throws IOException {
        fs.delete(at(name), false);
    }

    @Override
    public void deleteRecursively(String name) throws IOException {
        fs.delete(at(name), true);
    }

    @Override
    public String toString() {
        return dir.toString();
    }
}
