package org.sparkmlp.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A directory on the local file system ({@link #local(Path)}) or on any Hadoop file system (in the Spark
 * edge), with the one way spark-mlp writes a file: {@link #write}, under a temporary name, forced to
 * storage, then renamed over the old one, the temporary file removed when anything fails. A reader sees
 * the old file or the new one, never part of one, where the rename is atomic: on a local disk and on
 * HDFS (on object stores a rename is a copy). Models, checkpoints, history files, reports and
 * {@code predict}'s output are all written through it.
 *
 * <p>The primitive operations ({@link #writeNew}, {@link #renameReplacing}, the deletions) are the steps of
 * every protocol built on it, which is where tests stop a write part-way.
 */
public interface FileDir {
    /** The full name of {@code name} in the directory: a path, or a URI. */
    String describe(String name);

    /** Whether anything is at the directory's path, and whether that is a directory. */
    boolean exists() throws IOException;

    boolean isDirectory() throws IOException;

    /** The names of the entries of the directory, sorted; empty when it does not exist. */
    List<String> list() throws IOException;

    /** Whether an entry (a file or a directory) named {@code name} exists. */
    boolean exists(String name) throws IOException;

    boolean isFile(String name) throws IOException;

    byte[] read(String name) throws IOException;

    void mkdirs() throws IOException;

    /** Writes a new file, failing if one is there, and forces it to storage before returning. */
    void writeNew(String name, byte[] bytes) throws IOException;

    /** Renames {@code from} to {@code to}, replacing a file at {@code to}, in one step where the file system can. */
    void renameReplacing(String from, String to) throws IOException;

    void deleteIfExists(String name) throws IOException;

    /** Deletes {@code name} and, if it is a directory, everything in it; nothing when it does not exist. */
    void deleteRecursively(String name) throws IOException;

    /**
     * Writes {@code bytes} as {@code name}, replacing what was there, safely: under a temporary name,
     * forced to storage, renamed into place; the temporary file is deleted when a step fails.
     */
    default void write(String name, byte[] bytes) throws IOException {
        String tmp = temporaryName(name);
        boolean done = false;
        try {
            writeNew(tmp, bytes);
            renameReplacing(tmp, name);
            done = true;
        } finally {
            if (!done) {
                deleteIfExists(tmp);
            }
        }
    }

    /**
     * Puts the entry {@code tmp}, written beside {@code name} by someone else (a directory Spark wrote, say),
     * in its place: the old {@code name} is moved aside, {@code tmp} renamed, and the old one deleted.
     */
    default void commit(String tmp, String name) throws IOException {
        String old = null;
        if (exists(name)) {
            old = temporaryName(name);
            renameReplacing(name, old);
        }
        renameReplacing(tmp, name);
        if (old != null) {
            deleteRecursively(old);
        }
    }

    /** A fresh temporary name beside {@code name}: {@code .<name>.<id>.tmp}. */
    static String temporaryName(String name) {
        return "." + name + "." + UUID.randomUUID().toString().replace("-", "").substring(0, 16) + ".tmp";
    }

    /** Whether {@code name} is one {@link #temporaryName} gives: left by a write that stopped part-way. */
    static boolean isTemporary(String name) {
        return name.startsWith(".") && name.endsWith(".tmp");
    }

    /** A directory on the local file system. */
    static FileDir local(Path dir) {
        Path d = dir.toAbsolutePath().normalize();
        return new FileDir() {
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
            public boolean exists(String name) {
                return Files.exists(d.resolve(name));
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
            public void deleteRecursively(String name) throws IOException {
                Path root = d.resolve(name);
                if (!Files.exists(root)) {
                    return;
                }
                Files.walkFileTree(root, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                        Files.delete(file);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                        if (e != null) {
                            throw e;
                        }
                        Files.delete(dir);
                        return FileVisitResult.CONTINUE;
                    }
                });
            }

            @Override
            public String toString() {
                return d.toString();
            }
        };
    }
}
