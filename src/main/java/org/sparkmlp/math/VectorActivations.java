package org.sparkmlp.math;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
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

    static void sigmoid(float[] in, float[] out, int n) {
        int bound = FLOATS.loopBound(n);
        FloatVector one = FloatVector.broadcast(FLOATS, 1f);
        for (int i = 0; i < bound; i += FLOATS.length()) {
            FloatVector x = FloatVector.fromArray(FLOATS, in, i);
            one.div(one.add(x.neg().lanewise(VectorOperators.EXP))).intoArray(out, i);
        }
        Activations.sigmoidScalar(in, out, bound, n);
    }

    static void tanh(float[] in, float[] out, int n) {
        int bound = FLOATS.loopBound(n);
        for (int i = 0; i < bound; i += FLOATS.length()) {
            FloatVector.fromArray(FLOATS, in, i).lanewise(VectorOperators.TANH).intoArray(out, i);
        }
        Activations.tanhScalar(in, out, bound, n);
    }

    static void exp(float[] in, float[] out, int n) {
        int bound = FLOATS.loopBound(n);
        for (int i = 0; i < bound; i += FLOATS.length()) {
            FloatVector.fromArray(FLOATS, in, i).lanewise(VectorOperators.EXP).intoArray(out, i);
        }
        Activations.expScalar(in, out, bound, n);
    }
}
