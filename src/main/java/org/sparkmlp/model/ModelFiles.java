package org.sparkmlp.model;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * The few file operations a model directory needs, so that {@link ModelIO} can save and load on the
 * local file system ({@link #local(Path)}) or on any Hadoop file system (in the Spark edge). A save is
 * atomic where {@link #renameReplacing} is: on a local disk and on HDFS.
 */
public interface ModelFiles {
    /** The full name of {@code name} in the directory, for messages. */
    String describe(String name);

    /** Whether anything is at the directory's path, and whether that is a directory. */
    boolean exists() throws IOException;

    boolean isDirectory() throws IOException;

    /** The names of the files in the directory; empty when it does not exist. */
    List<String> list() throws IOException;

    boolean isFile(String name) throws IOException;

    byte[] read(String name) throws IOException;

    void mkdirs() throws IOException;

    /** Writes a new file and forces it to storage before returning. */
    void writeNew(String name, byte[] bytes) throws IOException;

    /** Renames {@code from} to {@code to}, replacing {@code to}, in one step where the file system can. */
    void renameReplacing(String from, String to) throws IOException;

    void deleteIfExists(String name) throws IOException;

    /** A directory on the local file system. */
    static ModelFiles local(Path dir) {
        Path d = dir.toAbsolutePath().normalize();
        return new ModelFiles() {
            @Override
            public String describe(String name) {
                return d.resolve(name).toString();
            }

            @Override
            public boolean exists() {
                return Files.exists(d);
            }

            @Override
            public boolean isDirectory() {
                return Files.isDirectory(d);
            }

            @Override
            public List<String> list() throws IOException {
                if (!Files.isDirectory(d)) {
                    return List.of();
                }
                try (Stream<Path> files = Files.list(d)) {
                    return files.map(f -> f.getFileName().toString()).sorted().toList();
                }
            }

            @Override
            public boolean isFile(String name) {
                return Files.isRegularFile(d.resolve(name));
            }

            @Override
            public byte[] read(String name) throws IOException {
                return Files.readAllBytes(d.resolve(name));
            }

            @Override
            public void mkdirs() throws IOException {
                Files.createDirectories(d);
            }

            @Override
            public void writeNew(String name, byte[] bytes) throws IOException {
                try (FileChannel ch = FileChannel.open(d.resolve(name), StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                    java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes);
                    while (buf.hasRemaining()) {
                        ch.write(buf);
                    }
                    ch.force(true);
                }
            }

            @Override
            public void renameReplacing(String from, String to) throws IOException {
                Files.move(d.resolve(from), d.resolve(to), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            }

            @Override
            public void deleteIfExists(String name) throws IOException {
                Files.deleteIfExists(d.resolve(name));
            }

            @Override
            public String toString() {
                return d.toString();
            }
        };
    }
}
