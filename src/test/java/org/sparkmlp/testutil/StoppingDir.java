package org.sparkmlp.testutil;

import java.io.IOException;
import java.util.List;
import org.sparkmlp.io.FileDir;

/**
 * A {@link FileDir} that stops before its {@code stopAt}-th change (0-based): every {@code writeNew},
 * {@code renameReplacing}, deletion and {@code mkdirs} is a step of whatever protocol runs on it. It either
 * throws an {@link IOException}, or, with {@code halt}, ends the JVM at once as a killed process would.
 */
public final class StoppingDir implements FileDir {
    private final FileDir inner;
    private final int stopAt;
    private final boolean halt;
    private int steps;

    public StoppingDir(FileDir inner, int stopAt, boolean halt) {
        this.inner = inner;
        this.stopAt = stopAt;
        this.halt = halt;
    }

    /** The changes made so far. */
    public int steps() {
        return steps;
    }

    private void step(String what) throws IOException {
        if (steps++ == stopAt) {
            if (halt) {
                Runtime.getRuntime().halt(137);
            }
            throw new IOException("stopped before step " + stopAt + ": " + what);
        }
    }

    @Override
    public String describe(String name) {
        return inner.describe(name);
    }

    @Override
    public boolean exists() throws IOException {
        return inner.exists();
    }

    @Override
    public boolean isDirectory() throws IOException {
        return inner.isDirectory();
    }

    @Override
    public List<String> list() throws IOException {
        return inner.list();
    }

    @Override
    public boolean exists(String name) throws IOException {
        return inner.exists(name);
    }

    @Override
    public boolean isFile(String name) throws IOException {
        return inner.isFile(name);
    }

    @Override
    public byte[] read(String name) throws IOException {
        return inner.read(name);
    }

    @Override
    public void mkdirs() throws IOException {
        step("mkdirs");
        inner.mkdirs();
    }

    @Override
    public void writeNew(String name, byte[] bytes) throws IOException {
        step("write " + name);
        inner.writeNew(name, bytes);
    }

    @Override
    public void renameReplacing(String from, String to) throws IOException {
        step("rename " + from + " to " + to);
        inner.renameReplacing(from, to);
    }

    @Override
    public void deleteIfExists(String name) throws IOException {
        step("delete " + name);
        inner.deleteIfExists(name);
    }

    @Override
    public void deleteRecursively(String name) throws IOException {
        step("delete " + name);
        inner.deleteRecursively(name);
    }
}
