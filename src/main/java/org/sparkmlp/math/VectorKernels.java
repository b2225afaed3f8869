package org.sparkmlp.math;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API versions of {@link Kernels}'s single-precision reductions. Loaded only when the
 * {@code jdk.incubator.vector} module is present. Each lane adds the rows of its column in row order, the
 * order of the scalar loop, so the sums are the scalar loop's bits.
 */
final class VectorKernels {
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;

    private VectorKernels() {}

    /** {@code s[off + j] += sum over r < rows of x[r * cols + j]}, the columns a lane group at a time. */
    static void addColumnSums(float[] x, int rows, int cols, float[] s, int off) {
        int lanes = FLOATS.length();
        int j = 0;
        for (; j + 4 * lanes <= cols; j += 4 * lanes) {
            FloatVector a0 = FloatVector.fromArray(FLOATS, s, off + j);
            FloatVector a1 = FloatVector.fromArray(FLOATS, s, off + j + lanes);
            FloatVector a2 = FloatVector.fromArray(FLOATS, s, off + j + 2 * lanes);
            FloatVector a3 = FloatVector.fromArray(FLOATS, s, off + j + 3 * lanes);
            for (int r = 0, row = j; r < rows; r++, row += cols) {
                a0 = a0.add(FloatVector.fromArray(FLOATS, x, row));
                a1 = a1.add(FloatVector.fromArray(FLOATS, x, row + lanes));
                a2 = a2.add(FloatVector.fromArray(FLOATS, x, row + 2 * lanes));
                a3 = a3.add(FloatVector.fromArray(FLOATS, x, row + 3 * lanes));
            }
            a0.intoArray(s, off + j);
            a1.intoArray(s, off + j + lanes);
            a2.intoArray(s, off + j + 2 * lanes);
            a3.intoArray(s, off + j + 3 * lanes);
        }
        for (; j + lanes <= cols; j += lanes) {
            FloatVector a = FloatVector.fromArray(FLOATS, s, off + j);
            for (int r = 0, row = j; r < rows; r++, row += cols) {
                a = a.add(FloatVector.fromArray(FLOATS, x, row));
            }
            a.intoArray(s, off + j);
        }
        Kernels.addColumnSums(x, rows, cols, j, s, off);
    }
}
