package org.sparkmlp.train;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import org.sparkmlp.math.Checks;
import org.sparkmlp.model.WeightsFormat;
import org.sparkmlp.optim.OptimizerState;

/**
 * Everything a run needs to continue exactly where it was: the parameters and the optimizer's state
 * after {@code iteration} completed iterations, the last iteration's loss, and fingerprints of the
 * configuration and the data it was made with. Every random choice derives from the seed and the
 * iteration, so those two are the random state.
 *
 * <p>Stored as bytes: magic {@code "SMLC"}, format version, the fields, each array in the
 * {@link WeightsFormat} (its length, values and CRC-32), then a CRC-32 of everything before it, so a
 * truncated or damaged file is recognised.
 */
public record Checkpoint(long iteration, double lastLoss, long seed, String configHash, String dataHash,
                         double[] params, OptimizerState optimizer, LoopState loop, double[] bestParams) {
    private static final int MAGIC = 0x534D4C43; // "SMLC"
    private static final int VERSION = 3;

    /**
     * @param loop       the training loop's own state (see {@link TrainingLoop})
     * @param bestParams the weights early stopping would restore; empty when it has none
     */
    public Checkpoint {
        Checks.arg(iteration >= 0, "iteration must be >= 0, got %s", iteration);
        Checks.arg(bestParams.length == 0 || bestParams.length == params.length,
            "the checkpoint's best weights have %s values, its weights %s", bestParams.length, params.length);
        Checks.notNull(loop, "loop state");
        params = params.clone();
        bestParams = bestParams.clone();
    }

    /** A checkpoint of a loop with no state of its own. */
    public Checkpoint(long iteration, double lastLoss, long seed, String configHash, String dataHash, double[] params,
                      OptimizerState optimizer) {
        this(iteration, lastLoss, seed, configHash, dataHash, params, optimizer, LoopState.START, new double[0]);
    }

    @Override
    public double[] bestParams() {
        return bestParams.clone();
    }

    @Override
    public double[] params() {
        return params.clone();
    }

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(8 * params.length * 3 + 256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeLong(iteration);
            out.writeDouble(lastLoss);
            out.writeLong(seed);
            out.writeUTF(configHash);
            out.writeUTF(dataHash);
            WeightsFormat.writeArray(out, params);
            out.writeDouble(optimizer.learningRate());
            out.writeLong(optimizer.steps());
            out.writeInt(optimizer.arrays().size());
            for (double[] a : optimizer.arrays()) {
                WeightsFormat.writeArray(out, a);
            }
            out.writeDouble(loop.lrScale());
            out.writeDouble(loop.plateauBest());
            out.writeInt(loop.plateauWait());
            out.writeDouble(loop.stoppingBest());
            out.writeInt(loop.stoppingWait());
            out.writeLong(loop.bestIteration());
            WeightsFormat.writeArray(out, bestParams);
            out.flush();
            CRC32 crc = new CRC32();
            crc.update(bytes.toByteArray());
            out.writeLong(crc.getValue());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * @throws IOException naming what is wrong when the bytes are not a whole, undamaged checkpoint
     */
    public static Checkpoint fromBytes(byte[] bytes) throws IOException {
        if (bytes.length < 16) {
            throw new IOException("truncated: " + bytes.length + " bytes");
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 8);
        long stored = java.nio.ByteBuffer.wrap(bytes, bytes.length - 8, 8).getLong();
        if (stored != crc.getValue()) {
            throw new IOException("checksum mismatch: the file is truncated or damaged");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 0, bytes.length - 8))) {
            if (in.readInt() != MAGIC) {
                throw new IOException("not a spark-mlp checkpoint (bad magic number)");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new IOException("unknown checkpoint format version " + version + "; this build reads " + VERSION);
            }
            long iteration = in.readLong();
            double lastLoss = in.readDouble();
            long seed = in.readLong();
            String configHash = in.readUTF();
            String dataHash = in.readUTF();
            double[] params = WeightsFormat.readArray(in);
            double lr = in.readDouble();
            long steps = in.readLong();
            int n = in.readInt();
            Checks.arg(n >= 0 && n <= 8, "bad optimizer array count %s", n);
            List<double[]> arrays = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                arrays.add(WeightsFormat.readArray(in));
            }
            LoopState loop = new LoopState(in.readDouble(), in.readDouble(), in.readInt(), in.readDouble(),
                in.readInt(), in.readLong());
            double[] bestParams = WeightsFormat.readArray(in);
            if (in.read() != -1) {
                throw new IOException("unexpected bytes after the training state");
            }
            return new Checkpoint(iteration, lastLoss, seed, configHash, dataHash, params,
                new OptimizerState(lr, steps, arrays), loop, bestParams);
        } catch (EOFException e) {
            throw new IOException("truncated", e);
        } catch (IllegalArgumentException e) {
            throw new IOException("inconsistent: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Checkpoint c && iteration == c.iteration && Double.compare(lastLoss, c.lastLoss) == 0
            && seed == c.seed && configHash.equals(c.configHash) && dataHash.equals(c.dataHash)
            && Arrays.equals(params, c.params) && optimizer.equals(c.optimizer) && loop.equals(c.loop)
            && Arrays.equals(bestParams, c.bestParams);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(iteration) * 31 + Arrays.hashCode(params);
    }

    @Override
    public String toString() {
        return "Checkpoint[iteration " + iteration + ", " + params.length + " parameters, config " + configHash
            + ", data " + dataHash + "]";
    }
}
