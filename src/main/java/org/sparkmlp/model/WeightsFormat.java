package org.sparkmlp.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.zip.CRC32;

/**
 * The binary form of a parameter vector: its length, the values as big-endian IEEE-754 doubles, and a
 * CRC-32 of the values, so a read gives back exactly the bits that were written or says it cannot. A
 * model's weights file is this array after a header ({@code "SMLW"}, format version); a checkpoint writes
 * each of its arrays in this form.
 */
public final class WeightsFormat {
    private static final int MAGIC = 0x534D4C57; // "SMLW"
    private static final int VERSION = 1;

    private WeightsFormat() {}

    /** A weights file: the header, then the array. */
    public static byte[] file(double[] params) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(8 * params.length + 20);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            writeArray(out, params);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * The parameters of a weights file.
     *
     * @param expected the length the model needs
     * @param file     names the file in messages
     * @throws ModelFormatException naming the file and what is wrong
     */
    public static double[] readFile(byte[] bytes, int expected, String file) throws ModelFormatException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readInt() != MAGIC) {
                throw new ModelFormatException(file + ": not a spark-mlp weights file (bad magic number)");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new ModelFormatException(file + ": unknown weights format version " + version
                    + "; this build reads version " + VERSION);
            }
            int count = in.readInt();
            if (count != expected) {
                throw new ModelFormatException(file + ": holds " + count + " weights but the architecture in "
                    + ModelIO.METADATA + " needs " + expected);
            }
            double[] params = readValues(in, count);
            if (in.read() != -1) {
                throw new ModelFormatException(file + ": unexpected bytes after the checksum");
            }
            return params;
        } catch (EOFException e) {
            throw new ModelFormatException(file + ": truncated weights file", e);
        } catch (ModelFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new ModelFormatException(file + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code a}: its length, its values and their CRC-32. */
    public static void writeArray(DataOutputStream out, double[] a) throws IOException {
        out.writeInt(a.length);
        for (double v : a) {
            out.writeDouble(v);
        }
        out.writeLong(crc(a));
    }

    /** Reads an array {@link #writeArray} wrote; an {@link IOException} says what is wrong with it. */
    public static double[] readArray(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available() / 8) {
            throw new IOException("bad array length " + n);
        }
        return readValues(in, n);
    }

    private static double[] readValues(DataInputStream in, int n) throws IOException {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = in.readDouble();
        }
        if (in.readLong() != crc(a)) {
            throw new IOException("checksum mismatch; the weights are corrupted");
        }
        return a;
    }

    /** The CRC-32 of the values' big-endian bytes. */
    public static long crc(double[] values) {
        CRC32 crc = new CRC32();
        byte[] buf = new byte[8];
        for (double v : values) {
            long bits = Double.doubleToRawLongBits(v);
            for (int i = 0; i < 8; i++) {
                buf[i] = (byte) (bits >>> (56 - 8 * i));
            }
            crc.update(buf);
        }
        return crc.getValue();
    }
}
