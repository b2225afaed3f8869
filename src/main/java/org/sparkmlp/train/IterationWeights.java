package org.sparkmlp.train;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import org.sparkmlp.math.Chunks;
import org.sparkmlp.math.Precision;
import org.sparkmlp.nn.FlatParams;

/**
 * The weights an iteration's partitions read, in the precision they compute in: rounded to single
 * precision for a single-precision gradient pass, which is exactly what its network would round them to
 * on loading, so half the bytes travel for the same result; the driver's doubles when the pass runs in
 * double or the iteration also validates (the validation metrics are computed in double, like
 * {@code evaluate}'s). Serialized as raw bytes (see {@link RawArrays}).
 */
public final class IterationWeights implements Serializable {
    private static final long serialVersionUID = 1L;

    private transient float[] floats;
    private transient double[] doubles;

    private IterationWeights(float[] floats, double[] doubles) {
        this.floats = floats;
        this.doubles = doubles;
    }

    /**
     * @param params   the driver's weights; copied, not kept
     * @param validate whether the iteration's partitions also compute validation metrics
     */
    public static IterationWeights of(double[] params, Precision precision, boolean validate) {
        return precision == Precision.FLOAT && !validate ? new IterationWeights(Chunks.toFloats(params), null)
            : new IterationWeights(null, params.clone());
    }

    /**
     * {@code params} themselves, not copied or rounded, for a caller on the same thread that loads them
     * into its network before it changes them (a task's local round); a network in single precision
     * rounds them on loading, as it would the rounded copy {@link #of} ships.
     */
    static IterationWeights view(double[] params) {
        return new IterationWeights(null, params);
    }

    public int length() {
        return floats != null ? floats.length : doubles.length;
    }

    /** Loads the weights into a network's parameters, rounded to its precision. */
    public void loadInto(FlatParams params) {
        if (floats != null) {
            params.load(floats);
        } else {
            params.load(doubles);
        }
    }

    /** The weights in double, for validation; only available when they were shipped in double. */
    public double[] doubles() {
        if (doubles == null) {
            throw new IllegalStateException("these weights were rounded to single precision for the gradient pass");
        }
        return doubles;
    }

    /** The bytes the weights take on the wire. */
    public long bytes() {
        return floats != null ? 4L * floats.length : 8L * doubles.length;
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        out.writeBoolean(floats != null);
        if (floats != null) {
            RawArrays.writeFloats(out, floats);
        } else {
            RawArrays.writeDoubles(out, doubles);
        }
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        if (in.readBoolean()) {
            floats = RawArrays.readFloats(in);
        } else {
            doubles = RawArrays.readDoubles(in);
        }
    }
}
