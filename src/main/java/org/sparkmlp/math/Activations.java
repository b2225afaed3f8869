package org.sparkmlp.math;

/**
 * Activation functions over arrays, with the same bits whether the JIT has compiled the caller or not: in
 * double, loops over {@code Math.exp} and {@code Math.tanh}; in single precision, over {@link #expf}, an
 * exponential made of float additions and multiplications, several times faster than
 * {@code (float) Math.exp}.
 *
 * <p>With {@code -Dsparkmlp.activations=vector} (and {@code --add-modules=jdk.incubator.vector}) they use
 * the Vector API instead, whose {@code EXP} and {@code TANH} compile to SIMD math routines, about 8 times
 * faster per element on AVX-512. That path is opt-in because it is not bit-reproducible: until C2
 * compiles it, the Vector API falls back to scalar math whose results differ in the last ulp, so two runs
 * can differ by when the JIT stepped in. {@link #implementation()} says which path runs.
 */
public final class Activations {
    private static final boolean MODULE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    /** Double precision in SIMD lanes: opt-in, since the Vector API's EXP and TANH are not reproducible. */
    private static final boolean VECTOR = "vector".equals(System.getProperty("sparkmlp.activations", "scalar")) && MODULE;
    /** Single precision in SIMD lanes: on whenever the module is there, since it gives the scalar bits. */
    private static final boolean FLOAT_VECTOR = MODULE;

    private Activations() {}

    /** Whether single-precision activations run in SIMD lanes: the Vector API module is in the JVM. */
    static boolean floatVector() {
        return FLOAT_VECTOR;
    }

    /** {@code vector (Vector API)} or {@code scalar}, for logs. */
    public static String implementation() {
        return (VECTOR ? "double: vector (Vector API EXP/TANH)" : "double: scalar")
            + (FLOAT_VECTOR ? ", float: vector (" + VectorActivations.floatLanes() + " lanes)" : ", float: scalar");
    }

    /** {@code out[i] = 1 / (1 + e^-in[i])} for {@code i < n}. */
    public static void sigmoid(double[] in, double[] out, int n) {
        if (VECTOR) {
            VectorActivations.sigmoid(in, out, n);
        } else {
            sigmoidScalar(in, out, 0, n);
        }
    }

    /** {@code out[i] = tanh(in[i])} for {@code i < n}. */
    public static void tanh(double[] in, double[] out, int n) {
        if (VECTOR) {
            VectorActivations.tanh(in, out, n);
        } else {
            tanhScalar(in, out, 0, n);
        }
    }

    /** {@code out[i] = e^in[i]} for {@code i < n}; {@code in} and {@code out} may be the same array. */
    public static void exp(double[] in, double[] out, int n) {
        if (VECTOR) {
            VectorActivations.exp(in, out, n);
        } else {
            expScalar(in, out, 0, n);
        }
    }

    /** Single-precision {@link #sigmoid(double[], double[], int)}, in place allowed. */
    public static void sigmoid(float[] in, float[] out, int n) {
        if (FLOAT_VECTOR) {
            VectorActivations.sigmoid(in, out, n);
        } else {
            sigmoidScalar(in, out, 0, n);
        }
    }

    /** Single-precision {@link #tanh(double[], double[], int)}, in place allowed. */
    public static void tanh(float[] in, float[] out, int n) {
        if (FLOAT_VECTOR) {
            VectorActivations.tanh(in, out, n);
        } else {
            tanhScalar(in, out, 0, n);
        }
    }

    /** Single-precision {@link #exp(double[], double[], int)}, in place allowed. */
    public static void exp(float[] in, float[] out, int n) {
        if (FLOAT_VECTOR) {
            VectorActivations.exp(in, out, n);
        } else {
            expScalar(in, out, 0, n);
        }
    }

    /**
     * The gradient through a sigmoid from its output: {@code dinp[i] = dout[i] * out[i] * (1 - out[i])}; and
     * through a tanh when {@code tanh}: {@code dinp[i] = dout[i] * (1 - out[i]^2)}.
     */
    public static void squashSlope(boolean tanh, double[] out, double[] dout, double[] dinp, int n) {
        if (tanh) {
            for (int i = 0; i < n; i++) {
                dinp[i] = dout[i] * (1.0 - out[i] * out[i]);
            }
        } else {
            for (int i = 0; i < n; i++) {
                dinp[i] = dout[i] * out[i] * (1.0 - out[i]);
            }
        }
    }

    /** Single-precision {@link #squashSlope(boolean, double[], double[], double[], int)}. */
    public static void squashSlope(boolean tanh, float[] out, float[] dout, float[] dinp, int n) {
        if (tanh) {
            for (int i = 0; i < n; i++) {
                dinp[i] = dout[i] * (1f - out[i] * out[i]);
            }
        } else {
            for (int i = 0; i < n; i++) {
                dinp[i] = dout[i] * (out[i] * (1f - out[i]));
            }
        }
    }

    static void sigmoidScalar(float[] in, float[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            out[i] = 1f / (1f + expf(-in[i]));
        }
    }

    static void tanhScalar(float[] in, float[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            // tanh(x) = 1 - 2 / (e^2x + 1): exact at both ends, where e^2x is 0 or the clamp's maximum
            out[i] = 1f - 2f / (expf(2f * in[i]) + 1f);
        }
    }

    static void expScalar(float[] in, float[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            out[i] = expf(in[i]);
        }
    }

    static final float MIN_EXP_ARG = -87.3f;
    static final float MAX_EXP_ARG = 88.3f;
    static final float LOG2E = 1.44269504f;
    static final float LN2_HI = 0.693145752f;
    static final float LN2_LO = 1.42860677e-6f;
    /** 1.5 * 2^23: adding it rounds a float of magnitude below 2^22 to an integer, in the low mantissa bits. */
    static final float ROUNDER = 12582912f;

    /**
     * {@code e^x} in single precision, to about 2 ulps, from additions, multiplications and bit moves only:
     * Java's float arithmetic gives the same bits interpreted or compiled, and the straight-line body lets
     * the JIT vectorise the loops that call it. {@code x} is clamped to [-87.3, 88.3], so the result is a
     * normal float between about 1e-38 and 2.2e38 (never 0 or infinity). {@link VectorActivations} runs
     * the same operations in SIMD lanes and gives the same bits.
     *
     * <p>Range reduction: {@code x = n ln2 + r} with {@code |r| <= ln2 / 2} ({@code ln2} split in two so
     * that {@code n ln2} is exact), then {@code e^r} by its Taylor polynomial to {@code r^7} in Horner form
     * (truncation error below 6e-9), and {@code 2^n} built in the exponent bits.
     */
    static float expf(float x) {
        x = Math.max(MIN_EXP_ARG, Math.min(MAX_EXP_ARG, x));
        float shifted = x * LOG2E + ROUNDER;
        float n = shifted - ROUNDER;
        float r = (x - n * LN2_HI) - n * LN2_LO;
        float p = 1f + r * (1f + r * (0.5f + r * (1f / 6 + r * (1f / 24 + r * (1f / 120 + r * (1f / 720
            + r * (1f / 5040)))))));
        // the low bits of `shifted` hold n + 2^22 + 2^23 in two's complement; rebase them to the exponent
        int bits = (Float.floatToRawIntBits(shifted) - 0x4B400000 + 127) << 23;
        return p * Float.intBitsToFloat(bits);
    }

    static void expScalar(double[] in, double[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            out[i] = Math.exp(in[i]);
        }
    }

    static void sigmoidScalar(double[] in, double[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            double x = in[i];
            // exp of a non-positive number only, so large |x| cannot overflow
            if (x >= 0) {
                out[i] = 1.0 / (1.0 + Math.exp(-x));
            } else {
                double e = Math.exp(x);
                out[i] = e / (1.0 + e);
            }
        }
    }

    static void tanhScalar(double[] in, double[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            out[i] = Math.tanh(in[i]);
        }
    }
}
