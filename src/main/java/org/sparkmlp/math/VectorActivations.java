package org.sparkmlp.math;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API versions of {@link Activations}'s kernels. Loaded only when the
 * {@code jdk.incubator.vector} module is present; the tail that does not fill a lane group runs the
 * scalar code.
 */
final class VectorActivations {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;

    private VectorActivations() {}

    static int lanes() {
        return SPECIES.length();
    }

    static void sigmoid(double[] in, double[] out, int n) {
        int bound = SPECIES.loopBound(n);
        DoubleVector one = DoubleVector.broadcast(SPECIES, 1.0);
        for (int i = 0; i < bound; i += SPECIES.length()) {
            // 1 / (1 + e^-x): e^-x overflows to +inf for x < -709, and 1 / inf is the correct 0
            DoubleVector x = DoubleVector.fromArray(SPECIES, in, i);
            one.div(one.add(x.neg().lanewise(VectorOperators.EXP))).intoArray(out, i);
        }
        Activations.sigmoidScalar(in, out, bound, n);
    }

    static void exp(double[] in, double[] out, int n) {
        int bound = SPECIES.loopBound(n);
        for (int i = 0; i < bound; i += SPECIES.length()) {
            DoubleVector.fromArray(SPECIES, in, i).lanewise(VectorOperators.EXP).intoArray(out, i);
        }
        Activations.expScalar(in, out, bound, n);
    }

    static void tanh(double[] in, double[] out, int n) {
        int bound = SPECIES.loopBound(n);
        for (int i = 0; i < bound; i += SPECIES.length()) {
            DoubleVector.fromArray(SPECIES, in, i).lanewise(VectorOperators.TANH).intoArray(out, i);
        }
        Activations.tanhScalar(in, out, bound, n);
    }

    static int floatLanes() {
        return FLOATS.length();
    }

    /** {@link Activations#expf} in SIMD lanes: the same operations in the same order, so the same bits. */
    private static FloatVector expf(FloatVector x) {
        x = x.max(Activations.MIN_EXP_ARG).min(Activations.MAX_EXP_ARG);
        FloatVector shifted = x.mul(Activations.LOG2E).add(Activations.ROUNDER);
        FloatVector n = shifted.sub(Activations.ROUNDER);
        FloatVector r = x.sub(n.mul(Activations.LN2_HI)).sub(n.mul(Activations.LN2_LO));
        FloatVector p = r.mul(1f / 5040).add(1f / 720);
        p = r.mul(p).add(1f / 120);
        p = r.mul(p).add(1f / 24);
        p = r.mul(p).add(1f / 6);
        p = r.mul(p).add(0.5f);
        p = r.mul(p).add(1f);
        p = r.mul(p).add(1f);
        IntVector bits = ((IntVector) shifted.reinterpretAsInts()).sub(0x4B400000 - 127).lanewise(VectorOperators.LSHL, 23);
        return p.mul(bits.reinterpretAsFloats());
    }

    static void sigmoid(float[] in, float[] out, int n) {
        int bound = FLOATS.loopBound(n);
        for (int i = 0; i < bound; i += FLOATS.length()) {
            FloatVector e = expf(FloatVector.fromArray(FLOATS, in, i).neg());
            FloatVector.broadcast(FLOATS, 1f).div(e.add(1f)).intoArray(out, i);
        }
        Activations.sigmoidScalar(in, out, bound, n);
    }

    static void tanh(float[] in, float[] out, int n) {
        int bound = FLOATS.loopBound(n);
        for (int i = 0; i < bound; i += FLOATS.length()) {
            FloatVector e = expf(FloatVector.fromArray(FLOATS, in, i).mul(2f));
            FloatVector.broadcast(FLOATS, 1f).sub(FloatVector.broadcast(FLOATS, 2f).div(e.add(1f))).intoArray(out, i);
        }
        Activations.tanhScalar(in, out, bound, n);
    }

    static void exp(float[] in, float[] out, int n) {
        int bound = FLOATS.loopBound(n);
        for (int i = 0; i < bound; i += FLOATS.length()) {
            expf(FloatVector.fromArray(FLOATS, in, i)).intoArray(out, i);
        }
        Activations.expScalar(in, out, bound, n);
    }
}
