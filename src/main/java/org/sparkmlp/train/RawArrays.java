package org.sparkmlp.train;

import java.io.IOException;
import java.io.ObjectInput;
import java.io.ObjectOutput;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/**
 * Primitive arrays written into Java serialization as their raw little-endian bytes, converted through a
 * small buffer in bulk. Java serialization writes a {@code float[]} element by element, about twenty
 * times slower than this; a model's weights and gradients cross it twice per iteration.
 */
final class RawArrays {
    private static final int CHUNK_BYTES = 1 << 16;

    private RawArrays() {}

    static void writeFloats(ObjectOutput out, float[] a) throws IOException {
        out.writeInt(a.length);
        byte[] buf = new byte[CHUNK_BYTES];
        FloatBuffer view = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        for (int off = 0; off < a.length; ) {
            int n = Math.min(a.length - off, CHUNK_BYTES / Float.BYTES);
            view.clear();
            view.put(a, off, n);
            out.write(buf, 0, n * Float.BYTES);
            off += n;
        }
    }

    static float[] readFloats(ObjectInput in) throws IOException {
        float[] a = new float[checkedLength(in.readInt())];
        byte[] buf = new byte[CHUNK_BYTES];
        FloatBuffer view = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        for (int off = 0; off < a.length; ) {
            int n = Math.min(a.length - off, CHUNK_BYTES / Float.BYTES);
            in.readFully(buf, 0, n * Float.BYTES);
            view.clear();
            view.get(a, off, n);
            off += n;
        }
        return a;
    }

    static void writeDoubles(ObjectOutput out, double[] a) throws IOException {
        out.writeInt(a.length);
        byte[] buf = new byte[CHUNK_BYTES];
        DoubleBuffer view = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer();
        for (int off = 0; off < a.length; ) {
            int n = Math.min(a.length - off, CHUNK_BYTES / Double.BYTES);
            view.clear();
            view.put(a, off, n);
            out.write(buf, 0, n * Double.BYTES);
            off += n;
        }
    }

    static double[] readDoubles(ObjectInput in) throws IOException {
        double[] a = new double[checkedLength(in.readInt())];
        byte[] buf = new byte[CHUNK_BYTES];
        DoubleBuffer view = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer();
        for (int off = 0; off < a.length; ) {
            int n = Math.min(a.length - off, CHUNK_BYTES / Double.BYTES);
            in.readFully(buf, 0, n * Double.BYTES);
            view.clear();
            view.get(a, off, n);
            off += n;
        }
        return a;
    }

    private static int checkedLength(int n) throws IOException {
        if (n < 0) {
            throw new java.io.StreamCorruptedException("negative array length " + n);
        }
        return n;
    }
}
