package org.sparkmlp.train;

import java.io.IOException;
import java.io.ObjectInput;
import java.io.ObjectOutput;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Primitive arrays written into Java serialization as their raw little-endian bytes, converted through a
 * small buffer in bulk. Java serialization writes a {@code float[]} element by element, about twenty
 * times slower than this; a model's weights and gradients cross it twice per iteration.
 */
final class RawArrays {
    private static final int CHUNK_BYTES = 1 << 16;

    private RawArrays() {}

    static void writeFloats(ObjectOutput out, float[] a) throws IOException {
        write(out, a.length, Float.BYTES, (view, off, n) -> view.asFloatBuffer().put(a, off, n));
    }

    static float[] readFloats(ObjectInput in) throws IOException {
        float[] a = new float[checkedLength(in.readInt())];
        read(in, a.length, Float.BYTES, (view, off, n) -> view.asFloatBuffer().get(a, off, n));
        return a;
    }

    static void writeDoubles(ObjectOutput out, double[] a) throws IOException {
        write(out, a.length, Double.BYTES, (view, off, n) -> view.asDoubleBuffer().put(a, off, n));
    }

    static double[] readDoubles(ObjectInput in) throws IOException {
        double[] a = new double[checkedLength(in.readInt())];
        read(in, a.length, Double.BYTES, (view, off, n) -> view.asDoubleBuffer().get(a, off, n));
        return a;
    }

    /** Copies elements {@code [off, off + n)} of an array to or from the start of {@code view}. */
    @FunctionalInterface
    private interface Chunk {
        void copy(ByteBuffer view, int off, int n);
    }

    /** Writes the length, then {@code length} elements of {@code bytes} each, a chunk at a time. */
    private static void write(ObjectOutput out, int length, int bytes, Chunk put) throws IOException {
        out.writeInt(length);
        byte[] buf = new byte[CHUNK_BYTES];
        ByteBuffer view = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
        for (int off = 0; off < length; ) {
            int n = Math.min(length - off, CHUNK_BYTES / bytes);
            put.copy(view, off, n);
            out.write(buf, 0, n * bytes);
            off += n;
        }
    }

    /** Reads {@code length} elements of {@code bytes} each, a chunk at a time. */
    private static void read(ObjectInput in, int length, int bytes, Chunk get) throws IOException {
        byte[] buf = new byte[CHUNK_BYTES];
        ByteBuffer view = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
        for (int off = 0; off < length; ) {
            int n = Math.min(length - off, CHUNK_BYTES / bytes);
            in.readFully(buf, 0, n * bytes);
            get.copy(view, off, n);
            off += n;
        }
    }

    private static int checkedLength(int n) throws IOException {
        if (n < 0) {
            throw new java.io.StreamCorruptedException("negative array length " + n);
        }
        return n;
    }
}
